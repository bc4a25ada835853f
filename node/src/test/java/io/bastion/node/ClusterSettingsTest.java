package io.bastion.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the launcher reads before Vert.x starts, and what it hands to Hazelcast. */
class ClusterSettingsTest {

  @Test
  void givesHazelcastEveryPropertyClusterXmlReads() throws Exception {
    String xml = Files.readString(SettingsTest.root().resolve("conf/cluster.xml")).replaceAll("(?s)<!--.*?-->", "");
    Set<String> placeholders = new HashSet<>();
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(xml);
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    ClusterSettings cluster = ClusterSettings.from(new Settings(new JsonObject().put("cluster.name", "it")
        .put("cluster.port", "6100")), false);
    assertThat(cluster.systemProperties().keySet()).isEqualTo(placeholders);
    assertThat(cluster.systemProperties()).containsEntry("bastion.cluster.name", "it")
        .containsEntry("bastion.cluster.port", "6100")
        .containsEntry("bastion.cluster.members", "127.0.0.1");
  }

  @Test
  void theJarDecidesLiteMembershipUnlessTheSettingDoes() {
    assertThat(ClusterSettings.from(new Settings(new JsonObject()), true).lite()).isTrue();
    assertThat(ClusterSettings.from(new Settings(new JsonObject()), false).lite()).isFalse();
    assertThat(ClusterSettings.from(new Settings(new JsonObject().put("cluster.lite", "false")), true).lite())
        .isFalse();
    assertThat(ClusterSettings.from(new Settings(new JsonObject().put("cluster.lite", true)), false).lite())
        .isTrue();
  }

  @Test
  void developmentCertificatesLiveUnderTheDataDirectoryUnlessSaidOtherwise() {
    TlsSettings tls = TlsSettings.from(new Settings(new JsonObject().put("data.dir", "/srv/bastion")));
    assertThat(tls.mode()).isEqualTo(TlsSettings.Mode.DEV);
    assertThat(tls.devCertificates()).isEqualTo(Path.of("/srv/bastion/certs"));
    assertThat(TlsSettings.from(new Settings(new JsonObject().put("cluster.tls.dir", "/etc/certs")))
        .devCertificates()).isEqualTo(Path.of("/etc/certs"));
  }

  @Test
  void badTlsSettingsAreRefusedBeforeVertxStarts() {
    assertThatThrownBy(() -> TlsSettings.from(new Settings(new JsonObject().put("cluster.tls", "on"))))
        .hasMessage("cluster.tls must be dev, pem or off, not 'on'");
    assertThatThrownBy(() -> TlsSettings.from(new Settings(new JsonObject().put("cluster.tls", "pem")
        .put("cluster.tls.cert", "node.pem").put("cluster.tls.key", "node.key"))))
        .hasMessage("cluster.tls=pem needs cluster.tls.ca");
    assertThatThrownBy(() -> ClusterSettings.from(new Settings(new JsonObject().put("cluster.port", 70000)), false))
        .hasMessage("setting cluster.port must be between 1 and 65535, got '70000'");
  }

  @Test
  void theEventBusBindsTheClusterInterfaceAndAdvertisesItsPublicAddressWhenSet() {
    EventBusOptions plain = new EventBusOptions();
    ClusterSettings local = ClusterSettings.from(new Settings(new JsonObject().put("cluster.interface", "10.0.0.7")),
        false);
    local.addresses().applyTo(plain, local.networkInterface());
    assertThat(plain.getHost()).isEqualTo("10.0.0.7");
    assertThat(plain.getPort()).isZero();
    assertThat(plain.getClusterPublicHost()).isNull();
    assertThat(local.hazelcastProperties()).as("an address reached through a route is bound as such")
        .containsExactly(java.util.Map.entry("hazelcast.local.localAddress", "10.0.0.7"));
    assertThat(ClusterSettings.from(new Settings(new JsonObject().put("cluster.interface", "10.0.*.*")), false)
        .hazelcastProperties()).as("a pattern is Hazelcast's to match").isEmpty();

    EventBusOptions behindNat = new EventBusOptions();
    ClusterSettings nat = ClusterSettings.from(new Settings(new JsonObject().put("cluster.interface", "172.28.0.11")
        .put("cluster.bus.port", 5800).put("cluster.bus.public-host", "node1.example.net")
        .put("cluster.bus.public-port", 15800).put("cluster.public-address", "node1.example.net:15701")), false);
    nat.addresses().applyTo(behindNat, nat.networkInterface());
    assertThat(behindNat.getHost()).isEqualTo("172.28.0.11");
    assertThat(behindNat.getPort()).isEqualTo(5800);
    assertThat(behindNat.getClusterPublicHost()).isEqualTo("node1.example.net");
    assertThat(behindNat.getClusterPublicPort()).isEqualTo(15800);
    assertThat(nat.hazelcastProperties()).containsOnly(
        java.util.Map.entry("hazelcast.local.localAddress", "172.28.0.11"),
        java.util.Map.entry("hazelcast.local.publicAddress", "node1.example.net:15701"));
  }
}
