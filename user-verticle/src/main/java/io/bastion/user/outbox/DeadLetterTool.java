package io.bastion.user.outbox;

import io.bastion.node.Settings;
import io.bastion.user.db.Database;
import io.bastion.user.db.DatabaseSettings;
import io.bastion.user.db.ExternalDatabase;
import io.bastion.user.outbox.DeadLetters.Choice;
import io.bastion.user.outbox.DeadLetters.DeadLetter;
import io.bastion.user.outbox.DeadLetters.Replay;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Lists and replays dead letters from the command line; {@code ./bastion replay} runs it with the user node's jar
 * ({@code java -cp user-verticle-*-fat.jar io.bastion.user.outbox.DeadLetterTool ...}). It reaches the database
 * exactly as a user node does, through the same settings ({@code -Dbastion.db.url=...} or {@code -Dbastion.db.host=...
 * -Dbastion.db.port=...}, {@code -Dbastion.db.password-file=...}, TLS, {@code BASTION_DB_*} or the settings file); a
 * database server must be named ({@code db.url} or {@code db.host}): the tool never starts an embedded one, and never
 * migrates the schema (the user nodes do; an operator's replay only reads and moves rows).
 *
 * <p>Arguments: {@code --list [--event ID | --assessment ID]}, or {@code --event ID}, {@code --assessment ID} or
 * {@code --all} to replay. Exit status: 0 done, 1 the database failed, 2 bad arguments, 3 nothing matched.
 */
public final class DeadLetterTool {

  private final PrintStream out;

  DeadLetterTool(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.setProperty("bastion.node.name", System.getProperty("bastion.node.name", "replay"));
    System.exit(new DeadLetterTool(System.out).run(args));
  }

  int run(String[] args) {
    Request request;
    try {
      request = Request.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("replay: " + e.getMessage());
      System.err.println("usage: --list [--event ID | --assessment ID] | --event ID | --assessment ID | --all");
      return 2;
    }
    DatabaseSettings settings;
    try {
      settings = DatabaseSettings.from(Settings.bootstrap());
    } catch (IllegalArgumentException e) {
      System.err.println("replay: " + e.getMessage());
      return 2;
    }
    if (!settings.external()) {
      System.err.println("replay: no database named (db.url or db.host): give the mesh's database");
      return 2;
    }
    PgConnectOptions options;
    try {
      // Only the connect options (URL, password file, TLS): never Database.prepare, whose migrations are the
      // nodes' business, not an operator's replay's.
      options = ExternalDatabase.options(settings);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("replay: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.pool(vertx, options, 1);
      try {
        return request.list() ? list(new DeadLetters(pool), request.choice())
            : replay(new DeadLetters(pool), request.choice());
      } finally {
        pool.close();
      }
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      System.err.println("replay: the database at " + options.getHost() + ":" + options.getPort() + " (database "
          + options.getDatabase() + ", ssl-mode " + options.getSslMode().value + ") failed: "
          + String.valueOf(root.getMessage()).lines().findFirst().orElse(root.toString()));
      return 1;
    } finally {
      vertx.close();
    }
  }

  /** Also usable with a pool of one's own (tests). */
  int list(DeadLetters letters, Choice choice) throws Exception {
    List<DeadLetter> all = await(letters.list(choice));
    if (all.isEmpty()) {
      out.println("no dead letters" + (choice.equals(Choice.ALL) ? "" : " match"));
      return choice.equals(Choice.ALL) ? 0 : 3;
    }
    // REFUSED: error replies (what the limit counts); CLAIMED: sends after the first (retries, any cause).
    out.printf("%-36s  %-36s  %7s  %7s  %7s  %-27s  %s%n", "EVENT", "ASSESSMENT", "VERSION", "REFUSED", "CLAIMED",
        "DEAD AT", "LAST ERROR");
    for (DeadLetter d : all) {
      out.printf("%-36s  %-36s  %7d  %7d  %7d  %-27s  %s%n", d.eventId(), d.assessmentId(), d.version(),
          d.failures(), d.attempts(), d.deadAt(), d.lastError());
    }
    out.println(all.size() + " dead letter(s)");
    return 0;
  }

  int replay(DeadLetters letters, Choice choice) throws Exception {
    Replay done = await(letters.replay(choice));
    if (done.taken() == 0) {
      out.println("no dead letters" + (choice.equals(Choice.ALL) ? "" : " match"));
      return choice.equals(Choice.ALL) ? 0 : 3;
    }
    out.println("replayed " + done.replayed() + " dead letter(s) into the outbox"
        + (done.superseded() == 0 ? ""
        : "; removed " + done.superseded() + " that a stored report of a newer version supersedes"));
    return 0;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** What was asked: a list or a replay, of which dead letters. */
  record Request(boolean list, Choice choice) {

    static Request parse(String[] args) {
      boolean list = false;
      boolean all = false;
      UUID event = null;
      UUID assessment = null;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--list" -> list = true;
          case "--all" -> all = true;
          case "--event" -> event = uuid(args, ++i, "--event");
          case "--assessment" -> assessment = uuid(args, ++i, "--assessment");
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      int chosen = (all ? 1 : 0) + (event != null ? 1 : 0) + (assessment != null ? 1 : 0);
      if (chosen > 1) {
        throw new IllegalArgumentException("choose one of --event, --assessment, --all");
      }
      if (!list && chosen == 0) {
        throw new IllegalArgumentException("replay what? --event ID, --assessment ID or --all (or --list)");
      }
      return new Request(list, new Choice(event, assessment));
    }

    private static UUID uuid(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs an id");
      }
      try {
        return UUID.fromString(args[i]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + ": '" + args[i] + "' is not an id (a UUID)");
      }
    }
  }
}
