package io.bastion.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.node.health.ProbeSettings;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Hazelcast interface pattern in cluster.interface becomes an address the event bus and management can bind. */
class InterfacePatternTest {

  @Test
  void aPatternIsTheFirstLocalAddressItMatches() throws Exception {
    List<InetAddress> local = List.of(InetAddress.getByName("::1"), InetAddress.getByName("192.168.5.3"),
        InetAddress.getByName("10.0.1.17"), InetAddress.getByName("10.0.1.18"));
    assertThat(InterfacePattern.firstMatch("10.0.1.*", local)).hasValue("10.0.1.17");
    assertThat(InterfacePattern.firstMatch("10.0.1.18-20", local)).hasValue("10.0.1.18");
    assertThat(InterfacePattern.firstMatch("10.0.*.*", local)).hasValue("10.0.1.17");
    assertThat(InterfacePattern.firstMatch("10.0.2.*", local)).isEmpty();
  }

  @Test
  void aLiteralAddressOrANameStaysAsWritten() {
    assertThat(InterfacePattern.resolve("127.0.0.2")).isEqualTo("127.0.0.2");
    assertThat(InterfacePattern.resolve("node-1.example")).isEqualTo("node-1.example");
    assertThat(InterfacePattern.isPattern("10.0.1.*")).isTrue();
    assertThat(InterfacePattern.isPattern("10.0.1.10-20")).isTrue();
    assertThat(InterfacePattern.isPattern("10.0.1.7")).isFalse();
  }

  @Test
  void onThisMachineLoopbacksPatternResolvesAndOneMatchingNothingIsAnError() {
    assertThat(InterfacePattern.resolve("127.0.0.*")).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> InterfacePattern.resolve("203.0.113.250-251"))
        .hasMessageContaining("cluster.interface").hasMessageContaining("203.0.113.250-251");
  }

  @Test
  void theManagementServerBindsTheAddressThePatternStandsFor() {
    assertThat(ProbeSettings.from(new Settings(new JsonObject().put("cluster.interface", "127.0.0.*")
        .put("management.port", 9100).put("management.host", ""))).host()).isEqualTo("127.0.0.1");
    assertThat(ProbeSettings.from(new Settings(new JsonObject().put("cluster.interface", "127.0.0.*")
        .put("management.port", 9100).put("management.host", "0.0.0.0"))).host()).isEqualTo("0.0.0.0");
  }
}
