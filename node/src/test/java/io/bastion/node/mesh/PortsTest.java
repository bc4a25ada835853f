package io.bastion.node.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void theEphemeralRangeIsReadFromTheKernel() {
    assumeTrue(Files.isReadable(Path.of("/proc/sys/net/ipv4/ip_local_port_range")), "not Linux");
    assertThat(Ports.ephemeralLow()).isGreaterThan(1024);
  }

  @Test
  void aFreePortLiesBelowTheEphemeralRangeAndCanBeBound() throws Exception {
    int port = Ports.free();
    assumeTrue(Ports.ephemeralLow() - Ports.LOWEST >= 1_000, "no room below the ephemeral range");
    assertThat(port).isBetween(Ports.LOWEST, Math.min(Ports.HIGHEST, Ports.ephemeralLow()) - 1);
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", port));
      assertThat(Ports.bindable(port)).as("a port in use is not offered").isFalse();
    }
  }
}
