package io.faultline.harness;

import java.util.List;

/**
 * What a node's configuration may refer to, resolved by the backend at start: its own address and
 * ports, where its data lives, and the address through which it reaches each peer. In
 * {@link NetworkMode#PROXIED} mode that is the link's own proxy, so a target that names its peers by
 * {@link #peer} has every node-to-node link routed through a proxy that the nemesis can cut; in
 * {@link NetworkMode#KERNEL} mode it is the peer's own address, and the kernel cuts the link.
 */
public interface NodeContext {
    /** This node's name. */
    String name();

    /** This node's position in the cluster, from 0. */
    int index();

    /** Every node's name, in cluster order. */
    List<String> nodes();

    /**
     * The address this node binds to: its own loopback address in the process backend (127.0.b.N;
     * listen on nothing else), 0.0.0.0 in a container.
     */
    String bindHost();

    /** The number of this node's named port. */
    int port(String name);

    /**
     * {@code host:port} of this node's own port as its peers reach it, the address to advertise:
     * {@code 127.0.b.N:port} in the process backend, {@code <node name>:port} in Docker (resolved by
     * the run's network).
     */
    String self(String port);

    /** {@code host:port} through which this node reaches {@code node}'s named port: the proxy of that link, or in KERNEL mode the peer itself. */
    String peer(String node, String port);

    /** This node's data directory, as the node sees it. It survives restarts and is kept in the run directory. */
    String dataDir();

    /** Path, as the node sees it, of the configuration file {@code name} rendered for it. */
    String file(String name);
}
