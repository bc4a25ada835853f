package io.bastion.user.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedded database off loopback lets in the listen address's network only (with the password). */
class ClientNetworkTest {

  @Test
  void theNetworkOfTheInterfaceThatHoldsTheListenAddress() throws Exception {
    List<ClientNetwork.Local> local = List.of(new ClientNetwork.Local(InetAddress.getByName("::1"), 128),
        new ClientNetwork.Local(InetAddress.getByName("127.0.0.1"), 8),
        new ClientNetwork.Local(InetAddress.getByName("10.0.1.5"), 24),
        new ClientNetwork.Local(InetAddress.getByName("172.28.0.11"), 20));
    assertThat(ClientNetwork.of(InetAddress.getByName("10.0.1.5"), local)).hasValue("10.0.1.0/24");
    assertThat(ClientNetwork.of(InetAddress.getByName("172.28.9.1"), local)).hasValue("172.28.0.0/20");
    assertThat(ClientNetwork.of(InetAddress.getByName("127.0.0.4"), local)).as("routed through lo")
        .hasValue("127.0.0.0/8");
    assertThat(ClientNetwork.of(InetAddress.getByName("192.168.7.7"), local)).isEmpty();
  }

  @Test
  void pgHbaOffLoopbackNamesThatNetworkNotEveryAddress() {
    assertThat(EmbeddedDatabase.hba("127.0.0.1")).isEqualTo(EmbeddedDatabase.PG_HBA);
    assertThat(EmbeddedDatabase.hba("127.0.0.4")).endsWith("host  all all 127.0.0.0/8 scram-sha-256\n")
        .doesNotContain("all all all");
    assertThat(EmbeddedDatabase.hba("0.0.0.0")).endsWith("host  all all all scram-sha-256\n");
  }
}
