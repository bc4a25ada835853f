package io.bastion.node;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files that hold secrets (signing keys, certificates, mail with reset links, the database password): readable by
 * the process owner only, files 0600 and folders 0700. Blocking file I/O.
 */
public final class OwnerOnly {

  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private OwnerOnly() {
  }

  /** Creates the folder (and missing parents) when needed and makes it 0700. */
  public static Path directory(Path dir) throws IOException {
    Files.createDirectories(dir);
    chmod(dir, DIRECTORY);
    return dir;
  }

  /**
   * Makes an existing tree owner-only: folders 0700, files 0600 (symbolic links are left alone). Fixes files made
   * by earlier versions with the default umask. Nothing happens when {@code root} does not exist.
   */
  public static void tighten(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        chmod(p, Files.isDirectory(p) ? DIRECTORY : FILE);
      }
    }
  }

  /**
   * The secret in {@code file}, generated once ({@code bytes} random bytes, base64url) when it is missing. Written
   * 0600 into a temporary file then linked into place, so that processes starting together end up with one secret.
   */
  public static String secret(Path file, int bytes) throws IOException {
    if (Files.isRegularFile(file)) {
      chmod(file, FILE);
      return Files.readString(file).trim();
    }
    Path dir = directory(file.toAbsolutePath().getParent());
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    Path tmp = Files.createTempFile(dir, ".secret-", ".tmp", PosixFilePermissions.asFileAttribute(FILE));
    try {
      Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
      try {
        // link(2) fails when the name exists (rename(2) would replace it): the first writer wins.
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException lostRace) {
        // keep the winner's
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return Files.readString(file).trim();
  }

  private static void chmod(Path p, Set<PosixFilePermission> permissions) throws IOException {
    if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(permissions)) {
      Files.setPosixFilePermissions(p, permissions);
    }
  }
}
