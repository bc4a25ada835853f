package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.testing.HttpProbe;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** HEAD on the page and its files answers as GET does, without the body (issue 16: HEAD / was a 405). */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("HEAD on the page and its static files")
class StaticHeadTest {

  private HttpProbe http;

  @BeforeAll
  void start(Vertx vertx) {
    http = new HttpProbe(vertx, UserNode.start(vertx).port());
  }

  @Test
  void headOfThePageIsAn200WithoutBody() {
    assertHeadLikeGet("/", "text/html");
    assertHeadLikeGet("/index.html", "text/html");
  }

  @Test
  void headOfAStaticFileIsAn200WithoutBody() {
    assertHeadLikeGet("/js/app.js", "javascript");
    assertHeadLikeGet("/favicon.svg", "image/svg");
  }

  @Test
  void headOfAMissingFileIsA404() {
    assertThat(http.send(HttpMethod.HEAD, "/no-such-file.js", MultiMap.caseInsensitiveMultiMap(), null)
        .statusCode()).isEqualTo(404);
  }

  private void assertHeadLikeGet(String path, String type) {
    HttpResponse<Buffer> get = http.get(path, MultiMap.caseInsensitiveMultiMap());
    HttpResponse<Buffer> head = http.send(HttpMethod.HEAD, path, MultiMap.caseInsensitiveMultiMap(), null);
    assertThat(get.statusCode()).as("GET %s", path).isEqualTo(200);
    assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(200);
    assertThat(head.getHeader("Content-Type")).as("HEAD %s", path).contains(type)
        .isEqualTo(get.getHeader("Content-Type"));
    assertThat(head.getHeader("Content-Security-Policy")).as("the page's headers").isEqualTo(
        get.getHeader("Content-Security-Policy"));
    assertThat(head.body() == null ? 0 : head.body().length()).as("HEAD has no body").isZero();
  }
}
