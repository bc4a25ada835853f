package io.bastion.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Statements signed with a node's event bus key, checked against the cluster CA. */
class ClusterSignatureTest {

  private static Vertx vertx;
  private static ClusterSigner signer;
  private static ClusterVerifier verifier;
  private static ClusterSigner stranger;

  @BeforeAll
  static void certificates() throws Exception {
    vertx = Vertx.vertx();
    Path base = Files.createTempDirectory("cluster-signature-");
    TlsSettings ours = tls(base.resolve("ours"));
    TlsSettings theirs = tls(base.resolve("theirs")); // another CA, made the same way
    signer = ClusterSigner.from(vertx, NodeTls.keyCert(ours).orElseThrow());
    verifier = ClusterVerifier.from(vertx, NodeTls.trust(ours).orElseThrow());
    stranger = ClusterSigner.from(vertx, NodeTls.keyCert(theirs).orElseThrow());
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  private static TlsSettings tls(Path dir) {
    return TlsSettings.from(new Settings(new JsonObject().put("cluster.tls.dir", dir.toString())));
  }

  private static JsonObject claims(Instant now) {
    return new JsonObject().put("node", "user-2").put("url", "http://127.0.0.1:8081")
        .put("iat", now.toEpochMilli()).put("exp", now.plusSeconds(60).toEpochMilli());
  }

  @Test
  void aStatementSignedByANodeOfTheClusterVerifies() throws Exception {
    Instant now = Instant.now();
    assertThat(verifier.verify(signer.sign(claims(now)), now)).isEqualTo(claims(now));
  }

  @Test
  void aChangedUrlIsRefused() throws Exception {
    Instant now = Instant.now();
    JsonObject signed = new JsonObject(signer.sign(claims(now)));
    String changed = claims(now).put("url", "http://attacker.invalid:6666").encode();
    signed.put("payload", Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes()));
    assertThatThrownBy(() -> verifier.verify(signed.encode(), now)).hasMessageContaining("bad signature");
  }

  @Test
  void anExpiredStatementIsRefused() throws Exception {
    Instant now = Instant.now();
    String signed = signer.sign(claims(now));
    assertThatThrownBy(() -> verifier.verify(signed, now.plusSeconds(61)))
        .isInstanceOf(CertificateExpiredException.class);
  }

  @Test
  void aKeyFromAnotherCaIsRefused() throws Exception {
    Instant now = Instant.now();
    assertThatThrownBy(() -> verifier.verify(stranger.sign(claims(now)), now))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void garbageIsRefusedAsMalformed() {
    Instant now = Instant.now();
    for (String garbage : new String[] {"http://attacker.invalid:6666", "{", "{}", "{\"chain\":[42]}",
        "{\"chain\":[\"AAAA\"],\"payload\":\"x\",\"sig\":\"y\"}", "[]"}) {
      assertThatThrownBy(() -> verifier.verify(garbage, now)).as(garbage)
          .isInstanceOf(GeneralSecurityException.class);
    }
  }
}
