package io.bastion.node;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development certificates for the clustered event bus: a private CA and one node certificate it signs (for
 * 127.0.0.1 and localhost, usable as TLS server and client), as PKCS#12 stores. Made with the JDK's keytool, into
 * a fresh directory renamed into place in one step, so nodes starting together end up with the same set.
 * The mesh starter ({@code ./bastion up}) makes them before it starts any node; by hand, run
 * {@code java -cp <jar> io.bastion.node.DevCertificates data/certs}.
 * Production certificates come from configuration instead (see docs/security.md).
 *
 * <p>The SAN does not limit where nodes run: Vert.x's clustered event bus verifies that a peer's certificate
 * chains to the trusted CA, not its host name (it sets an empty hostname verification algorithm), so the same
 * set serves nodes bound to other addresses (MultiHostIT runs them on 127.0.0.2, .3 and .5).
 */
public final class DevCertificates {

  public static final String PASSWORD = "bastion-dev";
  public static final String NODE_STORE = "node.p12";
  public static final String TRUST_STORE = "trust.p12";

  private static final Logger LOG = LoggerFactory.getLogger(DevCertificates.class);

  private DevCertificates() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = ensure(Path.of(args.length > 0 ? args[0] : "data/certs"));
    System.out.println("development certificates in " + dir.toAbsolutePath());
  }

  /** The directory with node.p12 and trust.p12, generated when missing. */
  public static synchronized Path ensure(Path dir) throws IOException, InterruptedException {
    if (Files.isRegularFile(dir.resolve(NODE_STORE)) && Files.isRegularFile(dir.resolve(TRUST_STORE))) {
      OwnerOnly.tighten(dir); // sets made by earlier versions had 0644 files
      return dir;
    }
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, ".certs-");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
      generate(tmp);
      OwnerOnly.tighten(tmp); // keytool writes with the umask; the node key is a secret
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("generated development certificates for the event bus in {}", dir);
    } catch (FileSystemException lostRace) {
      if (!Files.isRegularFile(dir.resolve(NODE_STORE))) {
        throw lostRace;
      }
    } finally {
      deleteTree(tmp);
    }
    return dir;
  }

  private static void generate(Path d) throws IOException, InterruptedException {
    String ca = d.resolve("ca.p12").toString();
    String node = d.resolve(NODE_STORE).toString();
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
        "-dname", "CN=Bastion development CA", "-ext", "bc:c", "-keystore", ca, "-storetype", "PKCS12");
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-file", d.resolve("ca.pem").toString());
    keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "825",
        "-dname", "CN=bastion-node", "-keystore", node, "-storetype", "PKCS12");
    keytool("-certreq", "-alias", "node", "-keystore", node, "-file", d.resolve("node.csr").toString());
    keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-validity", "825",
        "-infile", d.resolve("node.csr").toString(), "-outfile", d.resolve("node.pem").toString(),
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth,clientAuth", "-ext", "KU=digitalSignature");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", node, "-file", d.resolve("ca.pem").toString());
    keytool("-importcert", "-alias", "node", "-keystore", node, "-file", d.resolve("node.pem").toString());
    keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", d.resolve(TRUST_STORE).toString(),
        "-storetype", "PKCS12", "-file", d.resolve("ca.pem").toString());
    // The CA key signs nothing else; without it nobody can mint more node certificates from this directory.
    Files.delete(d.resolve("ca.p12"));
    Files.delete(d.resolve("node.csr"));
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.add("-storepass");
    cmd.add(PASSWORD);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + output);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
