package io.bastion.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {

  @Test
  void aSecretIsGeneratedOnceOwnerOnlyAndReadBackAfterwards(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("secrets/db-password");
    String first = OwnerOnly.secret(file, 24);
    assertThat(first).hasSize(32); // 24 bytes, base64url without padding
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(mode(file.getParent())).isEqualTo("rwx------");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(OwnerOnly.secret(file, 24)).as("the same secret the second time").isEqualTo(first);
    assertThat(mode(file)).as("a loose secret file is fixed when read").isEqualTo("rw-------");
    try (var leftovers = Files.list(file.getParent())) {
      assertThat(leftovers.toList()).as("no temporary files left").containsExactly(file);
    }
  }

  @Test
  void tightenMakesATreeOwnerOnly(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mail/sub"));
    Path file = Files.writeString(dir.resolve("a.eml"), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    OwnerOnly.tighten(tmp.resolve("mail"));
    assertThat(mode(tmp.resolve("mail"))).isEqualTo("rwx------");
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(file)).isEqualTo("rw-------");
    OwnerOnly.tighten(tmp.resolve("missing")); // nothing to do, no failure
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
