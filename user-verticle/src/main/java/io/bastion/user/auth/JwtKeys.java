package io.bastion.user.auth;

import io.bastion.node.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 key pair that signs session tokens. Taken from configuration when given (PEM files); otherwise
 * generated once into the data directory and reused, so that every user node on this machine and every restart
 * accepts the same tokens. Blocking file I/O: call from executeBlocking.
 */
public record JwtKeys(String privatePem, String publicPem) {

  private static final Logger LOG = LoggerFactory.getLogger(JwtKeys.class);

  public static synchronized JwtKeys load(String privateKeyFile, String publicKeyFile, Path generatedDir) throws IOException {
    if (privateKeyFile != null || publicKeyFile != null) {
      if (privateKeyFile == null || publicKeyFile == null) {
        throw new IllegalArgumentException("jwt.private-key and jwt.public-key must be configured together");
      }
      return new JwtKeys(Files.readString(Path.of(privateKeyFile)), Files.readString(Path.of(publicKeyFile)));
    }
    Path keyDir = generatedDir.resolve("jwt-es256");
    if (!Files.isDirectory(keyDir)) {
      generate(generatedDir, keyDir);
    }
    return new JwtKeys(Files.readString(keyDir.resolve("private.pem")), Files.readString(keyDir.resolve("public.pem")));
  }

  /**
   * Writes the pair into a fresh directory and renames it into place in one step: several nodes starting together
   * end up with the same pair (a node that loses the race uses the winner's).
   */
  private static void generate(Path parent, Path keyDir) throws IOException {
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    OwnerOnly.directory(parent);
    Path tmp = Files.createTempDirectory(parent, ".jwt-", PosixFilePermissions.asFileAttribute(OwnerOnly.DIRECTORY));
    try {
      Path privateFile = tmp.resolve("private.pem");
      Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(tmp.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      Files.setPosixFilePermissions(tmp.resolve("public.pem"), OwnerOnly.FILE);
      Files.move(tmp, keyDir, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("generated a new token signing key pair in {}", keyDir);
    } catch (FileSystemException lostRace) {
      // rename(2) refuses a non-empty target: another process generated the pair first.
      if (!Files.isDirectory(keyDir)) {
        throw lostRace;
      }
      LOG.info("another node generated the token signing key pair first");
    } finally {
      if (Files.exists(tmp)) {
        try (var files = Files.list(tmp)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(tmp);
      }
    }
  }

  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
