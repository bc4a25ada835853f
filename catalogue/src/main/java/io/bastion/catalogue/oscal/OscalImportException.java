package io.bastion.catalogue.oscal;

/**
 * An OSCAL catalog that cannot be imported. The message is one line naming the file and what is wrong in it, such
 * as {@code NIST_CSF.json: subcategory 'GV.OC-01' has no statement}, so that a command line can print it as it is.
 */
public final class OscalImportException extends RuntimeException {

  public OscalImportException(String source, String problem) {
    super(source + ": " + problem.replaceAll("\\s+", " ").trim());
  }
}
