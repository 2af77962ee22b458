package io.faultline.harness;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The cluster a chaos test boots: its nodes, and optionally how to find its leader and how to learn
 * what each node suspects. Immutable.
 *
 * <pre>{@code
 * ClusterSpec.of("zookeeper", 3, i -> NodeSpec.javaMain("zk" + (i + 1), "...QuorumPeerMain")...)
 *         .withLeaderProbe(cluster -> ...);
 * }</pre>
 */
public record ClusterSpec(String name, List<NodeSpec> nodes, LeaderProbe leaderProbe,
                          List<Supplier<? extends DetectionProbe>> detectionProbes,
                          NetworkMode networkMode) {

    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(networkMode, "networkMode");
        nodes = List.copyOf(nodes);
        detectionProbes = List.copyOf(detectionProbes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("cluster " + name + " has no nodes");
        }
        Set<String> names = new HashSet<>();
        for (NodeSpec n : nodes) {
            if (!names.add(n.name())) {
                throw new IllegalArgumentException("cluster " + name + " has two nodes named " + n.name());
            }
        }
    }

    public static ClusterSpec of(String name, NodeSpec... nodes) {
        return new ClusterSpec(name, List.of(nodes), null, List.of(), NetworkMode.PROXIED);
    }

    /** {@code count} nodes, the i-th (from 0) made by {@code node}. */
    public static ClusterSpec of(String name, int count, IntFunction<NodeSpec> node) {
        List<NodeSpec> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(node.apply(i));
        }
        return new ClusterSpec(name, list, null, List.of(), NetworkMode.PROXIED);
    }

    public ClusterSpec withLeaderProbe(LeaderProbe probe) {
        return new ClusterSpec(name, nodes, probe, detectionProbes, networkMode);
    }

    /**
     * Adds a probe that reports each node's suspicions of its peers, for the detection checker. Each
     * run makes its own from {@code probe} (e.g. {@code ZooKeeperDetectionProbe::create}): a probe
     * holds a run's state, and a spec is shared by every run of it.
     */
    public ClusterSpec withDetectionProbe(Supplier<? extends DetectionProbe> probe) {
        List<Supplier<? extends DetectionProbe>> all = new ArrayList<>(detectionProbes);
        all.add(Objects.requireNonNull(probe, "probe"));
        return new ClusterSpec(name, nodes, leaderProbe, all, networkMode);
    }

    /**
     * How the nodes' links are cut: through a proxy per link ({@link NetworkMode#PROXIED}, the
     * default) or by packet filters in the kernel ({@link NetworkMode#KERNEL}, for targets that dial
     * the address a peer advertises).
     */
    public ClusterSpec withNetworkMode(NetworkMode mode) {
        return new ClusterSpec(name, nodes, leaderProbe, detectionProbes, mode);
    }

    /** The same cluster without detection probes, e.g. to time something else without their load. */
    public ClusterSpec withoutDetectionProbes() {
        return new ClusterSpec(name, nodes, leaderProbe, List.of(), networkMode);
    }

    public Optional<LeaderProbe> leader() {
        return Optional.ofNullable(leaderProbe);
    }

    public List<String> nodeNames() {
        return nodes.stream().map(NodeSpec::name).toList();
    }

    public NodeSpec node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + nodeName + " in cluster " + name + "; nodes are " + nodeNames()));
    }

    /** Asks a running cluster which node leads, for nemeses that isolate or kill the leader. */
    @FunctionalInterface
    public interface LeaderProbe {
        /** The leader's name, or empty if there is none right now. */
        Optional<String> leader(Cluster cluster) throws Exception;
    }
}
