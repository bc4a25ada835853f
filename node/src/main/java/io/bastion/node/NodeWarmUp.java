package io.bastion.node;

/**
 * Work a node does once, at launch, in parallel with joining the cluster, so that its first real messages do not
 * pay for cold code (class loading, the interpreter, the first TLS handshake). Found with {@link
 * java.util.ServiceLoader}; see {@link WarmUps}.
 */
public interface NodeWarmUp {

  /** Runs on a background thread of its own; it may block. */
  void run(Settings settings) throws Exception;
}
