package io.bastion.node.mesh;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeshLayoutTest {

  @Test
  void aMeshNeedsAUserNodeAndValidPorts() {
    assertThatThrownBy(() -> new MeshLayout(0, 1, 8080, 15_432)).hasMessageContaining("at least one user node");
    assertThatThrownBy(() -> new MeshLayout(1, -1, 8080, 15_432)).hasMessageContaining("negative");
    assertThatThrownBy(() -> new MeshLayout(3, 1, 65_534, 15_432)).hasMessageContaining("65534 to 65536");
    assertThatThrownBy(() -> new MeshLayout(1, 1, 8080, 0)).hasMessageContaining("database port");
  }
}
