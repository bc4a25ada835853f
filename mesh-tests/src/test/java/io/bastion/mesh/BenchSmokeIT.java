package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.bench.LoadGenerator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark working: the load generator, over the public protocols, against a real mesh for a few
 * seconds. No timing is asserted (figures belong in BENCHMARKS.md); every answer must be reported.
 */
class BenchSmokeIT {

  private Mesh mesh;
  private Vertx vertx;

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aShortRunReportsEveryAnswer() throws Exception {
    Mesh.deleteTree(Mesh.in("bench-smoke").dir);
    mesh = Mesh.in("bench-smoke").startDatabase();
    Node user = mesh.startUser("user-1");
    mesh.startSecurity("security-1");
    vertx = Vertx.vertx();
    Context ctx = vertx.getOrCreateContext();
    LoadGenerator.Options options = new LoadGenerator.Options("http://127.0.0.1:" + user.httpPort, 20, 5, 0, 2, 5,
        30, 1);
    LoadGenerator generator = on(ctx, () -> Future.succeededFuture(new LoadGenerator(vertx, options)));
    on(ctx, generator::setUp);
    LoadGenerator.Phase phase = on(ctx, () -> generator.run(5));
    long lost = on(ctx, generator::drain);
    JsonObject result = phase.toJson();
    on(ctx, generator::close);

    assertThat(result.getLong("sent")).isGreaterThan(50);
    assertThat(result.getLong("errors")).isZero();
    assertThat(result.getLong("acknowledged")).isEqualTo(result.getLong("sent"));
    assertThat(lost).isZero();
    assertThat(result.getJsonObject("endToEndMs").getLong("count")).isEqualTo(result.getLong("acknowledged"));
  }

  private static <T> T on(Context ctx, Supplier<Future<T>> step) throws Exception {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> step.get().onComplete(p));
    return p.future().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
