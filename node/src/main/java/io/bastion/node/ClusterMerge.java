package io.bastion.node;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a node that the others dropped (it was paused: SIGSTOP, a long GC, a frozen VM) back into the mesh's cluster
 * within a second or two, instead of waiting for Hazelcast's split-brain merge (20-80 s here: it probes every port
 * of the join range, 5 s per port where nothing runs). It asks Hazelcast to merge into the first data member, of
 * those this node knew, that accepts a connection, as the master of the bigger cluster would have told it to
 * ({@code ClusterServiceImpl.merge}, what Hazelcast's MergeClustersOp runs: Hazelcast's internal API, 5.3).
 * Vert.x writes the node's registrations again on MERGED. Hazelcast's own merge stays in place in case this fails.
 * Used by security nodes (lite members cut off from every data member) and user nodes (a data member left alone).
 */
public final class ClusterMerge {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMerge.class);
  /** How long to keep looking for a data member, and how often. */
  private static final int ATTEMPTS = 60;
  private static final long EVERY_MS = 1000;
  private static final int CONNECT_TIMEOUT_MS = 500;

  private ClusterMerge() {
  }

  /**
   * Blocks (call it on a thread of its own) until this node merged into the cluster of one of {@code dataMembers},
   * {@code backInCompany} says it no longer needs to, or a minute passed.
   */
  public static void intoFirstReachable(HazelcastInstance hazelcast, Collection<Address> dataMembers,
      BooleanSupplier backInCompany) {
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (!hazelcast.getLifecycleService().isRunning() || backInCompany.getAsBoolean()) {
          return;
        }
        for (Address address : List.copyOf(dataMembers)) {
          if (accepts(address)) {
            LOG.warn("this node was dropped from the cluster (paused?) and is cut off: merging into the cluster of {}",
                address);
            ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getClusterService().merge(address);
            return;
          }
        }
        Thread.sleep(EVERY_MS);
      }
      LOG.warn("no data member reachable at {}: left to Hazelcast's split-brain merge", dataMembers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("could not rejoin the cluster: {}; left to Hazelcast's split-brain merge", e.toString());
    }
  }

  private static boolean accepts(Address address) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.getInetAddress(), address.getPort()), CONNECT_TIMEOUT_MS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
