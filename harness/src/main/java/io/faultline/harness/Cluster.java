package io.faultline.harness;

import java.util.List;
import java.util.Optional;

/** A booted cluster: its nodes, the network between them, and where clients connect. */
public interface Cluster {

    ClusterSpec spec();

    List<Node> nodes();

    Node node(String name);

    /** {@code host:port} at which a client reaches {@code node}'s named client port: through that node's client proxy. */
    String clientAddress(String node, String port);

    /** Every node's client address for the port, comma-separated, in node order (a connect string). */
    default String clientAddresses(String port) {
        return String.join(",", nodes().stream().map(n -> clientAddress(n.name(), port)).toList());
    }

    /** The links between nodes and from clients, all through proxies. */
    Network network();

    /** The current leader, from the spec's leader probe; empty when there is no probe or no leader. */
    Optional<String> leader();
}
