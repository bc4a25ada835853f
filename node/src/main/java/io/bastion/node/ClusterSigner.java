package io.bastion.node;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.X509KeyManager;

/**
 * Signs statements a node puts into a cluster map with the key of its event bus certificate, so that other nodes
 * can tell them from what any process that joined Hazelcast wrote (see {@link ClusterVerifier}). The signed form
 * is JSON: {@code payload} (base64url of the exact claim bytes signed), {@code sig} (base64url) and {@code chain}
 * (base64 DER certificates, the node's first).
 *
 * @param key   the node's private key (EC or RSA)
 * @param chain its certificate chain, the node's certificate first
 */
public record ClusterSigner(PrivateKey key, X509Certificate[] chain) {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  /** From the same options {@link NodeTls} puts on the event bus. Blocking: reads the key store. */
  public static ClusterSigner from(Vertx vertx, KeyCertOptions options) throws Exception {
    X509KeyManager keys = (X509KeyManager) options.getKeyManagerFactory(vertx).getKeyManagers()[0];
    for (String type : List.of("EC", "RSA")) {
      String[] aliases = keys.getClientAliases(type, null);
      if (aliases != null && aliases.length > 0) {
        return new ClusterSigner(keys.getPrivateKey(aliases[0]), keys.getCertificateChain(aliases[0]));
      }
    }
    throw new IllegalStateException("no EC or RSA key in the node's key store");
  }

  /** The signed form of {@code claims}, as a string to store. */
  public String sign(JsonObject claims) throws GeneralSecurityException {
    byte[] payload = claims.encode().getBytes(UTF_8); // the exact bytes signed travel as they are
    Signature signature = Signature.getInstance(algorithm(key.getAlgorithm()));
    signature.initSign(key);
    signature.update(payload);
    JsonArray certificates = new JsonArray();
    for (X509Certificate c : chain) {
      certificates.add(Base64.getEncoder().encodeToString(c.getEncoded()));
    }
    return new JsonObject()
        .put("payload", B64URL.encodeToString(payload))
        .put("sig", B64URL.encodeToString(signature.sign()))
        .put("chain", certificates)
        .encode();
  }

  static String algorithm(String keyAlgorithm) throws GeneralSecurityException {
    return switch (keyAlgorithm) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> throw new GeneralSecurityException("unsupported key algorithm " + keyAlgorithm);
    };
  }
}
