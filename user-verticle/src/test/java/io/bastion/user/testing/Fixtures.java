package io.bastion.user.testing;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Catalogues;
import io.bastion.user.assessment.Actor;
import io.bastion.user.assessment.AnswerBroadcast;
import io.bastion.user.assessment.AssessmentService;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.outbox.OutboxHandoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The shipped catalogues, accounts, and a blocking wait for the test thread. */
public final class Fixtures {

  private static Catalogues catalogues;

  private Fixtures() {
  }

  /** conf/catalogues of the repository (tests run in the module's folder). */
  public static synchronized Catalogues catalogues() {
    if (catalogues == null) {
      try {
        catalogues = CatalogueLoader.loadDirectory(Path.of("../conf/catalogues"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return catalogues;
  }

  public static Catalogue baseline() {
    return catalogues().latest("baseline").orElseThrow();
  }

  /** Assessments refer to the catalogue versions they were started with: record every loaded one. */
  public static Future<Void> registerCatalogues(Pool pool) {
    List<Future<?>> all = new ArrayList<>();
    for (Catalogue c : catalogues().all()) {
      all.add(pool.preparedQuery(Sql.REGISTER_CATALOGUE).execute(Tuple.of(c.id(), c.version(), c.sha256(),
          c.title())));
    }
    return Future.all(all).mapEmpty();
  }

  /** A new account (its password hash is never checked here). */
  public static Future<UUID> account(Pool pool) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery(Sql.INSERT_ACCOUNT).execute(Tuple.of(id, id + "@example.com", "not-a-hash", null))
        .map(id);
  }

  /**
   * The bus contract's codecs on a test's own Vert.x, as the launcher registers them on a node's (the live feed's
   * {@code JsonText} needs its codec); once per instance, whichever set-up comes first.
   */
  public static Vertx codecs(Vertx vertx) {
    if (WITH_CODECS.add(vertx)) {
      io.bastion.codecs.Codecs.register(vertx);
    }
    return vertx;
  }

  private static final java.util.Set<Vertx> WITH_CODECS = java.util.Collections.synchronizedSet(
      java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

  /** A relay with no room: committed outbox rows stay due in the table, nothing is handed over. */
  public static final io.bastion.user.outbox.OutboxHandoff NO_RELAY = new io.bastion.user.outbox.OutboxHandoff() {
    @Override
    public boolean hasRoom() {
      return false;
    }

    @Override
    public double leaseSeconds() {
      return 0;
    }

    @Override
    public void send(io.vertx.sqlclient.Row row) {
      throw new AssertionError("nothing is handed over without room");
    }
  };

  /** The assessment service as a node wires it, handing committed outbox rows to {@code outbox}. */
  public static AssessmentService assessments(Vertx vertx, Pool pool, OutboxHandoff outbox) {
    codecs(vertx);
    return new AssessmentService(pool, catalogues(), outbox, new AssessmentAccess(pool), new AuditLog(pool),
        new AnswerBroadcast(vertx.eventBus()));
  }

  /** An account of {@link #account} acting (its email is the one that gave it). */
  public static Actor actor(UUID accountId) {
    return new Actor(accountId, accountId + "@example.com", "127.0.0.1");
  }

  /**
   * Runs an action on an event loop's context and waits for its result: the relay and the sink, like the verticle
   * that owns them, are used from one event loop only.
   */
  public static <T> T onLoop(Context context, Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(done);
      } catch (RuntimeException e) {
        done.fail(e);
      }
    });
    return await(done.future());
  }

  /** Waits on the test thread (never an event loop) for a future, at most 10 seconds. */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("waited for " + future + ": " + e, e);
    }
  }
}
