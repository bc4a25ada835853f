package io.bastion.user.export;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based UUIDs (version 5, SHA-1, RFC 4122 section 4.3) in Bastion's own namespace: the same name always gives
 * the same UUID, so an export of one report version is the same document every time. OSCAL accepts only versions 4
 * and 5 ({@code UUIDDatatype}); {@link UUID#nameUUIDFromBytes} makes version 3.
 */
final class NameUuids {

  /** Bastion's namespace for the UUIDs of its OSCAL documents (a fixed random UUID). */
  static final UUID NAMESPACE = UUID.fromString("8d5c1f3e-2b7a-4c9e-a4f1-6e0b3d92c7a5");

  private NameUuids() {
  }

  /** The UUID of {@code parts} joined with '/', in {@link #NAMESPACE}. */
  static UUID of(Object... parts) {
    StringBuilder name = new StringBuilder();
    for (Object p : parts) {
      if (!name.isEmpty()) {
        name.append('/');
      }
      name.append(p);
    }
    return v5(NAMESPACE, name.toString());
  }

  static UUID v5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
    sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
        .putLong(namespace.getLeastSignificantBits()).array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // the RFC 4122 variant
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
