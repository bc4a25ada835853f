package io.bastion.node.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JvmFlagsTest {

  private static final Path ARCHIVE = Path.of("/x/security-verticle.jsa");

  @Test
  void everyNodeGetsItsHeapAndHazelcastsOpeningsThenTheOperatorsOptions() {
    List<String> flags = JvmFlags.node("384m", Optional.empty(), List.of("-XX:+UseSerialGC"));
    assertThat(flags.get(0)).isEqualTo("-Xmx384m");
    assertThat(flags).containsSubsequence(JvmFlags.HAZELCAST);
    assertThat(flags).contains("--add-opens", "java.base/java.lang=ALL-UNNAMED", "java.base/sun.nio.ch=ALL-UNNAMED");
    assertThat(flags.get(flags.size() - 1)).as("the operator's options come last, so they win")
        .isEqualTo("-XX:+UseSerialGC");
    assertThat(flags).noneMatch(f -> f.startsWith("-XX:SharedArchiveFile"));
  }

  @Test
  void theCdsArchiveIsUsedOnlyWhenThereIsOne() {
    assertThat(JvmFlags.node("256m", Optional.of(ARCHIVE), List.of()))
        .contains("-XX:SharedArchiveFile=" + ARCHIVE);
  }

  @Test
  void theTrainingRunWritesTheArchiveInsteadOfReadingIt() {
    List<String> flags = JvmFlags.cdsTraining("256m", ARCHIVE, List.of());
    assertThat(flags).contains("-XX:ArchiveClassesAtExit=" + ARCHIVE, "-Xlog:cds=off")
        .containsSubsequence(JvmFlags.HAZELCAST)
        .noneMatch(f -> f.startsWith("-XX:SharedArchiveFile"));
  }

  @Test
  void theDatabaseProcessNeedsNoHazelcastOpenings() {
    assertThat(JvmFlags.database("96m", List.of("-Dbastion.pg.shared_buffers=256MB")))
        .containsExactly("-Xmx96m", "-Dbastion.pg.shared_buffers=256MB");
  }

  @Test
  void optionsOnOneLineAreSplitOnWhitespace() {
    assertThat(JvmFlags.split("  -Xss512k   -XX:+UseSerialGC ")).containsExactly("-Xss512k", "-XX:+UseSerialGC");
    assertThat(JvmFlags.split(null)).isEmpty();
    assertThat(JvmFlags.split(" ")).isEmpty();
  }
}
