package io.bastion.user.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL of the test's own that stands in for an operator's external server: zonky's binaries (as the embedded
 * database), TLS on with a server certificate for 127.0.0.1 and localhost signed by a test CA, and pg_hba.conf taking
 * only TLS connections with a password ({@code hostssl ... scram-sha-256}). Its role and database are both
 * {@value #USER}. The certificates are made with {@code openssl}; a second, unrelated CA is there for tests that
 * expect a refusal.
 */
public final class TlsPostgres implements AutoCloseable {

  public static final String USER = "bastion";

  static final String PG_HBA = """
      # TlsPostgres: only TLS connections, with a password.
      hostssl all all 127.0.0.1/32 scram-sha-256
      """;

  private final EmbeddedPostgres postgres;
  private final Path dir;
  private final String password;

  private TlsPostgres(EmbeddedPostgres postgres, Path dir, String password) {
    this.postgres = postgres;
    this.dir = dir;
    this.password = password;
  }

  /** Makes the certificates and starts the server in a fresh folder under {@code dir}. Blocks. */
  public static TlsPostgres start(Path dir) throws IOException, InterruptedException {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    certificateAuthority(certs, "ca");
    certificateAuthority(certs, "other-ca");
    serverCertificate(certs);
    String password = "tls-test-" + Long.toHexString(System.nanoTime());
    EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setDataDirectory(dir.resolve("pg"))
        .setCleanDataDirectory(true)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("ssl", "on")
        .setServerConfig("ssl_cert_file", certs.resolve("server.pem").toString())
        .setServerConfig("ssl_key_file", certs.resolve("server.key").toString())
        .start();
    // initdb trusted every local connection: make the role, then let only TLS with its password in.
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres",
        "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
      s.execute("CREATE DATABASE " + USER + " OWNER " + USER);
      Files.writeString(dir.resolve("pg").resolve("pg_hba.conf"), PG_HBA);
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      pg.close();
      throw new IOException("TlsPostgres: could not set up the role and pg_hba.conf", e);
    }
    return new TlsPostgres(pg, dir, password);
  }

  public int port() {
    return postgres.getPort();
  }

  public String password() {
    return password;
  }

  /** The PEM file of the CA that signed the server's certificate. */
  public Path ca() {
    return dir.resolve("certs/ca.pem");
  }

  /** The PEM file of a CA that signed nothing this server shows. */
  public Path otherCa() {
    return dir.resolve("certs/other-ca.pem");
  }

  /** {@code postgresql://bastion@127.0.0.1:<port>/bastion} followed by {@code params}. */
  public String url(String params) {
    return "postgresql://" + USER + "@127.0.0.1:" + port() + "/" + USER + params;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  private static void certificateAuthority(Path certs, String name) throws IOException, InterruptedException {
    openssl(certs, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", name + ".key", "-out", name + ".pem", "-days", "2", "-subj", "/CN=Bastion test " + name,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  }

  private static void serverCertificate(Path certs) throws IOException, InterruptedException {
    openssl(certs, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
    Files.writeString(certs.resolve("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    openssl(certs, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
    // PostgreSQL refuses a private key others may read.
    Files.setPosixFilePermissions(certs.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
    }
  }
}
