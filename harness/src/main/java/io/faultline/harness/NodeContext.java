package io.faultline.harness;

import java.util.List;

/**
 * What a node's configuration may refer to, resolved by the backend at start: its own address and
 * ports, where its data lives, and — the point of Faultline — the address through which it reaches
 * each peer, which is that link's proxy. A target that names its peers by {@link #peer} has every
 * node-to-node link routed through a proxy that the nemesis can cut.
 */
public interface NodeContext {
    /** This node's name. */
    String name();

    /** This node's position in the cluster, from 0. */
    int index();

    /** Every node's name, in cluster order. */
    List<String> nodes();

    /** The address this node binds to (127.0.0.N in the process backend; 0.0.0.0 in a container). */
    String bindHost();

    /** The number of this node's named port. */
    int port(String name);

    /** {@code host:port} of this node's own port, as the node itself should advertise or bind it. */
    String self(String port);

    /** {@code host:port} through which this node reaches {@code node}'s named port: the proxy of that link. */
    String peer(String node, String port);

    /** This node's data directory, as the node sees it. It survives restarts and is kept in the run directory. */
    String dataDir();

    /** Path, as the node sees it, of the configuration file {@code name} rendered for it. */
    String file(String name);
}
