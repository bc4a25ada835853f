package io.bastion.user.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.node.Settings;
import io.bastion.user.testing.UserNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Which server the keys name: one of db.url or db.host, never both silently. */
class DatabaseSettingsTest {

  @Test
  void aUrlAndAHostTogetherAreRefusedNamingBothKeys() {
    assertThatThrownBy(() -> settings(new JsonObject().put("db.url", "postgresql://app@db.example/bastion")
        .put("db.host", "10.0.0.9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("db.url").hasMessageContaining("db.host");
  }

  @Test
  void eitherAloneIsAnExternalServerAndNeitherIsTheEmbeddedOne() throws Exception {
    assertThat(settings(new JsonObject().put("db.url", "postgresql://app@db.example/bastion")).external()).isTrue();
    assertThat(settings(new JsonObject().put("db.host", "10.0.0.9")).external()).isTrue();
    assertThat(settings(new JsonObject()).external()).isFalse();
  }

  private static DatabaseSettings settings(JsonObject overrides) throws Exception {
    JsonObject all = new JsonObject(Files.readString(UserNode.repositoryRoot().resolve("conf/bastion.json")));
    return DatabaseSettings.from(new Settings(all.mergeIn(overrides)));
  }
}
