package io.faultline.suites;

import io.faultline.harness.Cluster;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Network;
import io.faultline.harness.Node;
import java.util.List;
import java.util.Optional;

/**
 * A cluster of stand-in nodes for tests of what reads a cluster (probes, their benchmarks): its
 * nodes, the spec if one is given, no leader; no network, no clients.
 */
public final class StandInCluster implements Cluster {
    private final ClusterSpec spec;
    private final List<Node> nodes;

    /** {@code spec} may be null: a probe that never asks for it needs none. */
    public StandInCluster(ClusterSpec spec, List<? extends Node> nodes) {
        this.spec = spec;
        this.nodes = List.copyOf(nodes);
    }

    public static StandInCluster of(List<? extends Node> nodes) {
        return new StandInCluster(null, nodes);
    }

    @Override
    public ClusterSpec spec() {
        if (spec == null) {
            throw new UnsupportedOperationException("this stand-in cluster was given no spec");
        }
        return spec;
    }

    @Override
    public List<Node> nodes() {
        return nodes;
    }

    @Override
    public Node node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + " in " + nodes));
    }

    @Override
    public String clientAddress(String node, String port) {
        throw new UnsupportedOperationException("a stand-in cluster has no clients");
    }

    @Override
    public Network network() {
        throw new UnsupportedOperationException("a stand-in cluster has no network");
    }

    @Override
    public Optional<String> leader() {
        return Optional.empty();
    }
}
