package io.bastion.node;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrustOptions;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertPathValidator;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * Checks what a {@link ClusterSigner} signed: the certificate chain leads to the cluster CA (the one the event bus
 * trusts), the signature over the payload is that certificate's, and the claims' {@code exp} (epoch milliseconds)
 * has not passed. Anything else, malformed input included, is a {@link GeneralSecurityException} whose message
 * says why (for the log).
 *
 * @param anchors the cluster CA certificates
 */
public record ClusterVerifier(Set<TrustAnchor> anchors) {

  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
  private static final int MAX_CHAIN = 4;

  /** From the same options {@link NodeTls} puts on the event bus. Blocking: reads the trust store. */
  public static ClusterVerifier from(Vertx vertx, TrustOptions options) throws Exception {
    X509TrustManager trust = (X509TrustManager) options.getTrustManagerFactory(vertx).getTrustManagers()[0];
    Set<TrustAnchor> anchors = new HashSet<>();
    for (X509Certificate ca : trust.getAcceptedIssuers()) {
      anchors.add(new TrustAnchor(ca, null));
    }
    if (anchors.isEmpty()) {
      throw new IllegalStateException("the node's trust store holds no CA certificate");
    }
    return new ClusterVerifier(Set.copyOf(anchors));
  }

  /** The claims of {@code signed} when it is genuine and unexpired at {@code now}. */
  public JsonObject verify(String signed, Instant now) throws GeneralSecurityException {
    JsonObject envelope;
    List<X509Certificate> chain;
    byte[] payload;
    byte[] sig;
    try {
      envelope = new JsonObject(signed);
      chain = certificates(envelope.getJsonArray("chain"));
      payload = B64URL.decode(envelope.getString("payload"));
      sig = B64URL.decode(envelope.getString("sig"));
    } catch (RuntimeException e) { // not JSON, missing fields, wrong types, bad base64
      throw new SignatureException("malformed: " + e.getMessage());
    }
    validate(chain, now);
    Signature s = Signature.getInstance(ClusterSigner.algorithm(chain.get(0).getPublicKey().getAlgorithm()));
    s.initVerify(chain.get(0)); // also enforces keyUsage=digitalSignature when the certificate has one
    s.update(payload);
    if (!s.verify(sig)) {
      throw new SignatureException("bad signature");
    }
    JsonObject claims;
    long exp;
    try {
      claims = new JsonObject(Buffer.buffer(payload));
      exp = claims.getLong("exp");
    } catch (RuntimeException e) {
      throw new SignatureException("malformed claims: " + e.getMessage());
    }
    if (Instant.ofEpochMilli(exp).isBefore(now)) {
      throw new CertificateExpiredException("expired at " + Instant.ofEpochMilli(exp));
    }
    return claims;
  }

  private void validate(List<X509Certificate> chain, Instant now) throws GeneralSecurityException {
    X509Certificate last = chain.get(chain.size() - 1);
    // A trailing self-signed CA is not a member of the path: the anchors are.
    if (chain.size() > 1 && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
      chain = chain.subList(0, chain.size() - 1);
    }
    PKIXParameters parameters = new PKIXParameters(anchors);
    parameters.setRevocationEnabled(false); // a private CA: no CRL or OCSP
    parameters.setDate(Date.from(now));
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
  }

  private static List<X509Certificate> certificates(JsonArray der) throws SignatureException {
    if (der == null || der.isEmpty() || der.size() > MAX_CHAIN) {
      throw new SignatureException("malformed: a chain of 1 to " + MAX_CHAIN + " certificates is needed");
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> chain = new ArrayList<>();
      for (Object c : der) {
        chain.add((X509Certificate) factory.generateCertificate(
            new ByteArrayInputStream(Base64.getDecoder().decode((String) c))));
      }
      return chain;
    } catch (GeneralSecurityException e) {
      throw new SignatureException("malformed certificate: " + e.getMessage());
    }
  }
}
