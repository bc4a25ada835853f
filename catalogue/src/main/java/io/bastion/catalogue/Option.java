package io.bastion.catalogue;

/** One allowed answer value, with the label shown to people and its score in [0, 1]. */
public record Option(String value, String label, double score) {
}
