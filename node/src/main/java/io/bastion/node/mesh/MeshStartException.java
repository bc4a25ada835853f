package io.bastion.node.mesh;

/** A process of the mesh did not become ready: it exited, or the time ran out. The message ends with its log tail. */
public final class MeshStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient NodeProcess node;
  private final boolean exited;

  MeshStartException(NodeProcess node, boolean exited, String reason) {
    super(node.name() + " " + reason + "; see " + node.log() + "\n--- last lines of " + node.log().getFileName()
        + " ---\n" + node.logTail(30));
    this.node = node;
    this.exited = exited;
  }

  public NodeProcess node() {
    return node;
  }

  /** The process ended (rather than running out of time). */
  public boolean exited() {
    return exited;
  }
}
