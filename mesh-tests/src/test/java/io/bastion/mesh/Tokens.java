package io.bastion.mesh;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Hand-made JWTs for the attack suite: forged, expired, unsigned, or signed with the mesh's own key. */
final class Tokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {
  }

  static JsonObject claims(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  /** Signed with the server's real key (read from the mesh's data directory), with the given claims. */
  static String signedWithServerKey(Path dataDir, JsonObject claims) throws Exception {
    String pem = Files.readString(dataDir.resolve("keys/jwt-es256/private.pem"));
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    return sign(key, claims);
  }

  /** Signed with a key of our own: right shape, wrong signer. */
  static String forged(JsonObject claims) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return sign(g.generateKeyPair().getPrivate(), claims);
  }

  /** {"alg":"none"} and no signature. */
  static String unsigned(JsonObject claims) {
    return b64("{\"typ\":\"JWT\",\"alg\":\"none\"}") + "." + b64(claims.encode()) + ".";
  }

  private static String sign(PrivateKey key, JsonObject claims) throws Exception {
    String input = b64("{\"typ\":\"JWT\",\"alg\":\"ES256\"}") + "." + b64(claims.encode());
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64.encodeToString(s.sign());
  }

  private static String b64(String s) {
    return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
