package io.bastion.catalogue;

/** A pointer into a public framework, by id only: {@code NIST-CSF-2.0 PR.AA-01} or {@code CIS-8 6.3}. */
public record Reference(String framework, String id) {
  public static final String NIST_CSF = "NIST-CSF-2.0";
  public static final String CIS = "CIS-8";
}
