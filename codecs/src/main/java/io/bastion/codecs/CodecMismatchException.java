package io.bastion.codecs;

/** A message or a node speaks another version of the bus contract than this node. */
public final class CodecMismatchException extends RuntimeException {
  public CodecMismatchException(String message) {
    super(message);
  }
}
