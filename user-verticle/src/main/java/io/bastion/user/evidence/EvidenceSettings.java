package io.bastion.user.evidence;

import io.bastion.node.Settings;

/**
 * Settings of evidence.
 *
 * @param maxFileBytes {@code evidence.max-file-bytes}: the largest file accepted (larger: 413), at most 100 MiB
 */
public record EvidenceSettings(long maxFileBytes) {

  public static EvidenceSettings from(Settings s) {
    return new EvidenceSettings(s.longValue("evidence.max-file-bytes", 1, 100L * 1024 * 1024));
  }
}
