package io.bastion.user.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The hash recipe of the audit log, the same as audit_append's in V9__audit_log.sql: the hex SHA-256 of the UTF-8
 * of prev_hash, id, chain, at (microseconds since the epoch), kind, actor_id, address, organisation_id, target and
 * detail (the database's text of the jsonb), joined by '\n', a null field as the empty string. actor_email is not
 * part of it, so that pseudonymising a deleted account's entries leaves the chain intact.
 */
public final class AuditHash {

  private AuditHash() {
  }

  public static String canonical(String prevHash, AuditEntry e) {
    return String.join("\n", text(prevHash), Long.toString(e.id()), text(e.chain()), Long.toString(micros(e.at())),
        text(e.kind()), text(e.actorId()), text(e.address()), text(e.organisationId()), text(e.target()),
        text(e.detail()));
  }

  /** The hash the entry must have when it follows an entry whose hash is {@code prevHash}. */
  public static String of(String prevHash, AuditEntry e) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical(prevHash, e).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  static long micros(OffsetDateTime at) {
    return Math.addExact(Math.multiplyExact(at.toEpochSecond(), 1_000_000L), at.getNano() / 1_000);
  }

  private static String text(Object value) {
    return value == null ? "" : Objects.toString(value);
  }
}
