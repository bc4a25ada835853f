package io.bastion.node.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every kind of process gets the one list of JVM flags, and the properties that make it part of the mesh. */
class NodeCommandTest {

  private static final Path ARCHIVE = Path.of("/repo/security-verticle/target/security-verticle.jsa");
  private final MeshConfig config = MeshConfig.builder(Path.of("/repo"), Path.of("/repo/user.jar"),
          Path.of("/repo/security.jar"), Path.of("/repo/data"))
      .cluster("it-1", 20_100)
      .heaps("384m", "192m")
      .securityCds(ARCHIVE)
      .nodeOptions(List.of("-XX:+UseSerialGC"))
      .nodeProperty("bastion.relay.timeout.ms=2000")
      .build();

  @Test
  void aUserNodeJoinsTheMeshUsesItsDatabaseAndServesItsPort() {
    List<String> cmd = NodeCommand.user(config, "user-1", 18_080, 18_090, 25_432,
        List.of("bastion.relay.timeout.ms=500"));
    assertThat(cmd).containsSubsequence(JvmFlags.node("384m", Optional.empty(), List.of("-XX:+UseSerialGC")));
    assertThat(cmd).contains("-Dbastion.node.name=user-1", "-Dbastion.cluster.name=it-1",
        "-Dbastion.cluster.port=20100", "-Dbastion.data.dir=/repo/data", "-Dbastion.db.host=127.0.0.1",
        "-Dbastion.db.port=25432", "-Dbastion.http.port=18080", "-Dbastion.http.public-url=http://127.0.0.1:18080",
        "-Dbastion.management.port=18090");
    assertThat(cmd).as("the node's own property after the mesh's, so that it wins")
        .containsSubsequence("-Dbastion.relay.timeout.ms=2000", "-Dbastion.relay.timeout.ms=500");
    assertThat(cmd.subList(cmd.size() - 3, cmd.size())).containsExactly("-jar", "/repo/user.jar", "-cluster");
    assertThat(cmd).noneMatch(f -> f.startsWith("-XX:SharedArchiveFile"));
  }

  @Test
  void withoutADatabaseProcessAUserNodeIsNotPointedAtOne() {
    assertThat(NodeCommand.user(config, "user-1", 8080, 8090, 0, List.of())).noneMatch(f -> f.startsWith("-Dbastion.db."));
  }

  @Test
  void aSecurityNodeAnswersItsProbeOnTheGivenPortAndUsesTheArchive() {
    List<String> cmd = NodeCommand.security(config, "security-2", 12_345, Optional.of(ARCHIVE), List.of());
    assertThat(cmd).containsSubsequence(JvmFlags.node("192m", Optional.of(ARCHIVE), List.of("-XX:+UseSerialGC")));
    assertThat(cmd).contains("-Dbastion.node.name=security-2", "-Dbastion.management.port=12345",
        "-Dbastion.cluster.name=it-1");
    assertThat(cmd.subList(cmd.size() - 3, cmd.size())).containsExactly("-jar", "/repo/security.jar", "-cluster");
  }

  @Test
  void theCdsTrainingRunsAloneAsADataMember() {
    List<String> cmd = NodeCommand.cdsTraining(config, ARCHIVE, 12_000);
    assertThat(cmd).contains("-XX:ArchiveClassesAtExit=" + ARCHIVE, "-Dbastion.cluster.lite=false",
        "-Dbastion.management.port=12000", "-Dbastion.node.name=cds-training");
    assertThat(cmd).noneMatch(f -> f.equals("-Dbastion.cluster.name=it-1"));
  }

  @Test
  void theDatabaseRunsFromTheUserJar() {
    assertThat(NodeCommand.database(config, Path.of("/repo/data/pg"), 0)).containsSubsequence("-Xmx96m", "-cp",
        "/repo/user.jar", "io.bastion.user.db.DatabaseMain", "/repo/data/pg", "0");
  }

  @Test
  void aNodeOnAnotherAddressBindsAndAdvertisesItAndFindsTheDatabaseWhereItListens() {
    List<String> user = NodeCommand.user(config, "user-1", "127.0.0.2", 18_080, 18_090, "127.0.0.4", 25_432,
        List.of());
    assertThat(user).contains("-Dbastion.cluster.interface=127.0.0.2", "-Dbastion.http.host=127.0.0.2",
        "-Dbastion.http.public-url=http://127.0.0.2:18080", "-Dbastion.db.host=127.0.0.4", "-Dbastion.db.port=25432",
        "-Dbastion.management.port=18090");
    List<String> security = NodeCommand.security(config, "security-1", "127.0.0.3", 12_345, Optional.empty(),
        List.of());
    assertThat(security).contains("-Dbastion.cluster.interface=127.0.0.3", "-Dbastion.management.port=12345");
    assertThat(NodeCommand.database(config, Path.of("/repo/data/pg"), "127.0.0.4", 0))
        .containsSubsequence("io.bastion.user.db.DatabaseMain", "/repo/data/pg", "0", "127.0.0.4");
    assertThat(NodeCommand.user(config, "user-1", 8080, 8090, 0, List.of())).as("loopback: the settings decide")
        .noneMatch(f -> f.startsWith("-Dbastion.cluster.interface=") || f.startsWith("-Dbastion.http.host="));
  }
}
