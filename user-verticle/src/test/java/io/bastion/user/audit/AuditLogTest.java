package io.bastion.user.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.user.testing.TestDatabase;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit log over a real PostgreSQL: chains verify; an entry changed, removed or moved behind the triggers' back
 * (as the superuser, with triggers off for that session) is found at the right id; the triggers refuse changes
 * otherwise; pseudonyms keep chains intact; concurrent appends to one chain stay one line. Each test has chains of
 * its own (random organisation and account ids), so tests do not see each other's entries.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogTest {

  private Vertx vertx;
  private PgConnectOptions options;
  private Pool pool;
  private Pool otherPool;
  private AuditLog audit;
  private AuditReader reader;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    options = TestDatabase.fresh("audit_log_test");
    pool = TestDatabase.pool(vertx, options);
    otherPool = TestDatabase.pool(vertx, options);
    audit = new AuditLog(pool);
    reader = new AuditReader(pool);
    // Micrometer's global registry counts nothing until a registry is in it (the node adds Prometheus's).
    Metrics.addRegistry(meters);
  }

  @AfterAll
  void stop() throws Exception {
    pool.close().await(10, TimeUnit.SECONDS);
    otherPool.close().await(10, TimeUnit.SECONDS);
    Metrics.removeRegistry(meters);
  }

  @Test
  void aChainOfSeveralEntriesVerifiesAndJavaComputesTheDatabasesHashes() throws Exception {
    UUID org = UUID.randomUUID();
    UUID actor = UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      await(audit.record(event(AuditKind.ROLE_CHANGED, actor, org, "target-" + i,
          new JsonObject().put("role", "EDITOR").put("n", i).put("note", "ünïcödé \"quoted\"\nline"))));
    }
    List<AuditEntry> entries = chain(AuditLog.organisationChain(org));
    assertThat(entries).hasSize(5);
    assertThat(new JsonObject(entries.get(4).detail()).getInteger("n")).as("detail stored as an object").isEqualTo(4);
    assertThat(entries.get(0).prevHash()).isEmpty();
    String prev = "";
    for (AuditEntry e : entries) {
      assertThat(e.prevHash()).isEqualTo(prev);
      assertThat(AuditHash.of(prev, e)).as("the Java recipe gives the database's hash").isEqualTo(e.hash());
      prev = e.hash();
    }
    assertThat(await(reader.verify(AuditLog.organisationChain(org))))
        .isEqualTo(new AuditVerification(true, 5, null));
    assertThat(await(reader.verify(AuditLog.organisationChain(UUID.randomUUID()))))
        .as("an empty chain").isEqualTo(new AuditVerification(true, 0, null));
  }

  @Test
  void anEntryChangedBehindTheTriggersIsFoundAtItsId() throws Exception {
    String chain = filledChain(5);
    List<AuditEntry> entries = chain(chain);
    superuser("UPDATE audit_log SET detail = '{\"role\": \"OWNER\"}' WHERE id = $1", entries.get(2).id());
    assertThat(await(reader.verify(chain))).isEqualTo(new AuditVerification(false, 3,
        Long.toString(entries.get(2).id())));
  }

  @Test
  void aChangedTargetIsFoundAtItsId() throws Exception {
    String chain = filledChain(4);
    List<AuditEntry> entries = chain(chain);
    superuser("UPDATE audit_log SET target = 'someone else' WHERE id = $1", entries.get(0).id());
    assertThat(await(reader.verify(chain)).brokenAt()).isEqualTo(Long.toString(entries.get(0).id()));
  }

  @Test
  void anEntryRehashedByTheTampererBreaksTheNextOne() throws Exception {
    String chain = filledChain(4);
    List<AuditEntry> entries = chain(chain);
    AuditEntry e = entries.get(1);
    AuditEntry changed = new AuditEntry(e.id(), e.chain(), e.at(), e.kind(), e.actorId(), e.actorEmail(),
        e.address(), e.organisationId(), "forged", e.detail(), e.prevHash(), null);
    superuser("UPDATE audit_log SET target = 'forged', hash = $2 WHERE id = $1", e.id(),
        AuditHash.of(e.prevHash(), changed));
    assertThat(await(reader.verify(chain)).brokenAt()).isEqualTo(Long.toString(entries.get(2).id()));
  }

  @Test
  void aDeletedEntryBreaksTheChainAtTheOneAfterIt() throws Exception {
    String chain = filledChain(5);
    List<AuditEntry> entries = chain(chain);
    superuser("DELETE FROM audit_log WHERE id = $1", entries.get(1).id());
    assertThat(await(reader.verify(chain))).isEqualTo(new AuditVerification(false, 2,
        Long.toString(entries.get(2).id())));
  }

  @Test
  void deletingTheFirstOrTheNewestEntriesShowsToo() throws Exception {
    String first = filledChain(3);
    List<AuditEntry> firstEntries = chain(first);
    superuser("DELETE FROM audit_log WHERE id = $1", firstEntries.get(0).id());
    assertThat(await(reader.verify(first)).brokenAt()).isEqualTo(Long.toString(firstEntries.get(1).id()));

    String newest = filledChain(3);
    List<AuditEntry> newestEntries = chain(newest);
    superuser("DELETE FROM audit_log WHERE id = $1", newestEntries.get(2).id());
    assertThat(await(reader.verify(newest)))
        .as("the head still names the removed entry").isEqualTo(new AuditVerification(false, 2,
            Long.toString(newestEntries.get(2).id())));
  }

  @Test
  void reorderedEntriesBreakTheChain() throws Exception {
    String chain = filledChain(4);
    List<AuditEntry> entries = chain(chain);
    // Swap the ids of the second and third entries (as if they had been written the other way round).
    long b = entries.get(1).id();
    long c = entries.get(2).id();
    superuser("UPDATE audit_log SET id = CASE WHEN id = $1 THEN -1 ELSE id END WHERE id = $1", b);
    superuser("UPDATE audit_log SET id = $1 WHERE id = $2", b, c);
    superuser("UPDATE audit_log SET id = $1 WHERE id = -1", c);
    assertThat(await(reader.verify(chain)).brokenAt()).isEqualTo(Long.toString(b));
  }

  @Test
  void aLongChainIsVerifiedAndWalkedPageByPage() throws Exception {
    UUID org = UUID.randomUUID();
    String chain = AuditLog.organisationChain(org);
    int n = AuditReader.PAGE * 2 + 200;
    await(pool.preparedQuery("SELECT audit_append($1, 'ANSWER', NULL, NULL, '192.0.2.9', $2, 'q' || i, "
        + "jsonb_build_object('n', i)) FROM generate_series(1, $3) AS i").execute(Tuple.of(chain, org, n)));
    assertThat(await(reader.verify(chain))).isEqualTo(new AuditVerification(true, n, null));
    List<Integer> pages = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    await(reader.each(chain, page -> {
      pages.add(page.size());
      page.forEach(e -> ids.add(e.id()));
      return Future.succeededFuture();
    }));
    assertThat(pages).containsExactly(AuditReader.PAGE, AuditReader.PAGE, 200);
    assertThat(ids).isSorted().doesNotHaveDuplicates().hasSize(n);

    long tampered = ids.get(AuditReader.PAGE + 123);
    superuser("UPDATE audit_log SET address = '198.51.100.1' WHERE id = $1", tampered);
    assertThat(await(reader.verify(chain))).isEqualTo(new AuditVerification(false, AuditReader.PAGE + 124,
        Long.toString(tampered)));
  }

  @Test
  void verifyingABusyChainWhileAnotherClientAppendsAlwaysFindsItIntact() throws Exception {
    // Longer than a page, so that a verification reads several pages and the head, and appends land in between.
    UUID org = UUID.randomUUID();
    String chain = AuditLog.organisationChain(org);
    await(pool.preparedQuery("SELECT audit_append($1, 'ANSWER', NULL, NULL, '192.0.2.9', $2, 'q' || i, "
        + "jsonb_build_object('n', i)) FROM generate_series(1, $3) AS i").execute(Tuple.of(chain, org,
        AuditReader.PAGE + 100)));
    AuditLog other = new AuditLog(otherPool);
    java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicInteger appended = new java.util.concurrent.atomic.AtomicInteger();
    // Two appenders from the other pool, each appending again as soon as its last append committed.
    List<Future<Void>> appenders = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      appenders.add(appendWhile(other, org, busy, appended));
    }
    List<AuditVerification> results = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        results.add(await(reader.verify(chain)));
      }
    } finally {
      busy.set(false);
      await(Future.all(appenders));
    }
    assertThat(appended.get()).as("appends ran during the verifications").isGreaterThan(10);
    assertThat(results).extracting(AuditVerification::intact).containsOnly(true);
    assertThat(results).extracting(AuditVerification::checked).isSorted();
    assertThat(await(reader.verify(chain))).isEqualTo(new AuditVerification(true,
        AuditReader.PAGE + 100 + appended.get(), null));
  }

  private Future<Void> appendWhile(AuditLog log, UUID org, java.util.concurrent.atomic.AtomicBoolean busy,
      java.util.concurrent.atomic.AtomicInteger appended) {
    if (!busy.get()) {
      return Future.succeededFuture();
    }
    return log.record(event(AuditKind.ANSWER, UUID.randomUUID(), org, "busy", new JsonObject()))
        .compose(v -> {
          appended.incrementAndGet();
          return appendWhile(log, org, busy, appended);
        });
  }

  @Test
  void theTriggersRefuseUpdatesAndDeletesButLetThePseudonymThrough() throws Exception {
    String chain = filledChain(2);
    long id = chain(chain).get(0).id();
    assertThatThrownBy(() -> await(pool.preparedQuery("UPDATE audit_log SET detail = '{}' WHERE id = $1")
        .execute(Tuple.of(id)))).hasMessageContaining("append-only");
    assertThatThrownBy(() -> await(pool.preparedQuery("UPDATE audit_log SET hash = 'x' WHERE id = $1")
        .execute(Tuple.of(id)))).hasMessageContaining("append-only");
    assertThatThrownBy(() -> await(pool.preparedQuery("DELETE FROM audit_log WHERE id = $1")
        .execute(Tuple.of(id)))).hasMessageContaining("append-only");
    assertThatThrownBy(() -> await(pool.query("TRUNCATE audit_log").execute())).hasMessageContaining("append-only");
    await(pool.preparedQuery("UPDATE audit_log SET actor_email = 'someone' WHERE id = $1").execute(Tuple.of(id)));
    assertThat(chain(chain)).hasSize(2);
    assertThat(await(reader.verify(chain)).intact()).isTrue();
  }

  @Test
  void pseudonymisingAnAccountKeepsItsEntriesAndEveryChainIntact() throws Exception {
    UUID gone = UUID.randomUUID();
    UUID stays = UUID.randomUUID();
    UUID org = UUID.randomUUID();
    await(audit.record(event(AuditKind.LOG_IN, gone, null, gone.toString(), new JsonObject())));
    await(audit.record(event(AuditKind.ANSWER, gone, org, "q1", new JsonObject().put("value", "yes"))));
    await(audit.record(event(AuditKind.ANSWER, stays, org, "q2", new JsonObject())));
    await(pool.withTransaction(tx -> audit.record(tx, event(AuditKind.ACCOUNT_DELETED, gone, null, gone.toString(),
        new JsonObject())).compose(v -> audit.pseudonymise(tx, gone))));

    String pseudonym = "deleted-account-" + sha256(gone.toString()).substring(0, 8);
    List<AuditEntry> own = chain(AuditLog.accountChain(gone));
    assertThat(own).extracting(AuditEntry::kind).containsExactly("LOG_IN", "ACCOUNT_DELETED");
    assertThat(own).extracting(AuditEntry::actorEmail).containsOnly(pseudonym);
    assertThat(chain(AuditLog.organisationChain(org))).extracting(AuditEntry::actorEmail)
        .containsExactly(pseudonym, stays + "@example.com");
    assertThat(await(reader.verify(AuditLog.accountChain(gone)))).isEqualTo(new AuditVerification(true, 2, null));
    assertThat(await(reader.verify(AuditLog.organisationChain(org))).intact()).isTrue();
  }

  @Test
  void fiftyConcurrentAppendsFromTwoPoolsMakeOneIntactLine() throws Exception {
    UUID org = UUID.randomUUID();
    AuditLog other = new AuditLog(otherPool);
    List<Future<Void>> appends = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      AuditEvent e = event(AuditKind.ANSWER, UUID.randomUUID(), org, "q" + i, new JsonObject().put("n", i));
      if (i % 3 == 0) {
        // Inside a caller's transaction, pipelined after its own statement.
        appends.add(otherPool.withTransaction(tx -> {
          Future<?> own = tx.query("SELECT 1").execute();
          Future<Void> appended = other.record(tx, e);
          return Future.all(own, appended).<Void>mapEmpty();
        }));
      } else {
        appends.add((i % 2 == 0 ? audit : other).record(e));
      }
    }
    await(Future.all(appends));
    String chain = AuditLog.organisationChain(org);
    List<AuditEntry> entries = chain(chain);
    assertThat(entries).hasSize(50);
    assertThat(entries).extracting(AuditEntry::target).doesNotHaveDuplicates();
    assertThat(await(reader.verify(chain))).isEqualTo(new AuditVerification(true, 50, null));
  }

  @Test
  void aRolledBackTransactionLeavesNoEntryAndTheChainGoesOn() throws Exception {
    UUID org = UUID.randomUUID();
    await(audit.record(event(AuditKind.SIGN_OFF, UUID.randomUUID(), org, "a", new JsonObject())));
    Future<Void> failed = pool.withTransaction(tx -> audit.record(tx, event(AuditKind.SIGN_OFF, UUID.randomUUID(),
        org, "b", new JsonObject())).compose(v -> Future.failedFuture("the caller's work failed")));
    assertThatThrownBy(() -> await(failed)).hasMessageContaining("the caller's work failed");
    await(audit.record(event(AuditKind.SIGN_OFF, UUID.randomUUID(), org, "c", new JsonObject())));
    assertThat(chain(AuditLog.organisationChain(org))).extracting(AuditEntry::target).containsExactly("a", "c");
    assertThat(await(reader.verify(AuditLog.organisationChain(org))).intact()).isTrue();
  }

  @Test
  void anEventWithoutActorOrOrganisationIsNotRecorded() throws Exception {
    long before = count();
    await(audit.record(new AuditEvent(AuditKind.LOG_IN_FAILED, null, null, "10.0.0.1", null, "x@example.com",
        new JsonObject())));
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void aFailedAppendIsCountedAndDoesNotFailTheCaller() throws Exception {
    Pool closed = TestDatabase.pool(vertx, options);
    await(closed.close());
    double before = failures();
    await(new AuditLog(closed).record(event(AuditKind.LOG_IN, UUID.randomUUID(), null, "t", new JsonObject())));
    assertThat(failures()).isEqualTo(before + 1);
  }

  // ------------------------------------------------------------------ helpers

  private static AuditEvent event(AuditKind kind, UUID actor, UUID org, String target, JsonObject detail) {
    return new AuditEvent(kind, actor, actor + "@example.com", "192.0.2.7", org, target, detail);
  }

  /** A new organisation chain with {@code n} entries. */
  private String filledChain(int n) throws Exception {
    UUID org = UUID.randomUUID();
    for (int i = 0; i < n; i++) {
      await(audit.record(event(AuditKind.INVITATION_SENT, UUID.randomUUID(), org, "invite-" + i,
          new JsonObject().put("role", "VIEWER"))));
    }
    return AuditLog.organisationChain(org);
  }

  private List<AuditEntry> chain(String chain) throws Exception {
    return await(reader.page(chain, 0));
  }

  /** As the database superuser would, with this session's triggers off (session_replication_role = replica). */
  private void superuser(String sql, Object... params) throws Exception {
    await(pool.withConnection(conn -> conn.query("SET session_replication_role = replica").execute()
        .compose(v -> conn.preparedQuery(sql).execute(Tuple.wrap(params)))
        .eventually(() -> conn.query("SET session_replication_role = origin").execute())));
  }

  private long count() throws Exception {
    Row row = await(pool.query("SELECT count(*) AS n FROM audit_log").execute()).iterator().next();
    return row.getLong("n");
  }

  private double failures() {
    var counter = meters.find("bastion.audit.failures").counter();
    return counter == null ? 0 : counter.count();
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }
}
