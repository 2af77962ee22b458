package io.faultline.suites.reference;

import io.faultline.harness.Cluster;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.LogLineProbe;
import io.faultline.harness.Node;
import io.faultline.harness.NodeSpec;
import io.faultline.reference.ReferenceClient;
import io.faultline.reference.ReferenceNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster of the reference service ({@code faultline-reference-service}): nodes {@code n1..nN},
 * each reaching every peer through the proxy of that link and serving clients through its client
 * proxy, with its failure detector's opinions read from the {@code FAULTLINE-DETECT} lines it
 * prints. Those lines carry the node's {@code System.nanoTime()}, so suspicions land on the run's
 * clock exactly, not when the probe happened to read them.
 *
 * <pre>{@code
 * @ChaosCluster
 * static final ClusterSpec CLUSTER = ReferenceCluster.of(3, ReferenceConfig.defaults().withMode(DetectorMode.HYBRID));
 * }</pre>
 */
public final class ReferenceCluster {
    /** The port other nodes connect to, for {@code ctx.peer(node, PEER_PORT)}. */
    public static final String PEER_PORT = "peer";
    /** The client port's name, for {@code cluster.clientAddress(node, CLIENT_PORT)}. */
    public static final String CLIENT_PORT = "client";

    static final String DETECT_LINE =
            "FAULTLINE-DETECT observer=(?<observer>\\S+) peer=(?<peer>\\S+) state=(?<state>suspect|trust) nanos=(?<nanos>\\d+)";
    /** Short: a paused or cut-off node must not hold up a health check or the leader probe. */
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    private static final String CONFIG_FILE = "node.properties";

    private ReferenceCluster() {
    }

    /** {@code size} nodes {@code n1..nN} with {@code config}. */
    public static ClusterSpec of(int size, ReferenceConfig config) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, got " + size);
        }
        ClusterSpec spec = ClusterSpec.of("reference", size, i -> node(i, config))
                .withLeaderProbe(ReferenceCluster::leader)
                .withDetectionProbe(() -> LogLineProbe.matching(DETECT_LINE));
        if (config.standby() != null && !spec.nodeNames().contains(config.standby())) {
            throw new IllegalArgumentException("the standby " + config.standby() + " is not a node; the nodes are "
                    + spec.nodeNames());
        }
        return spec;
    }

    private static NodeSpec node(int index, ReferenceConfig config) {
        return NodeSpec.javaMain("n" + (index + 1), ReferenceNode.class.getName())
                // C1 only: three nodes and the test JVM share two cores in CI, and a node is small.
                .withJvmArgs("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                .withPeerPort(PEER_PORT, 7100)
                .withClientPort(CLIENT_PORT, 7200)
                .withFile(CONFIG_FILE, ctx -> config.render(ctx, PEER_PORT, CLIENT_PORT))
                .withArgs(ctx -> List.of(ctx.file(CONFIG_FILE)))
                .withHealthCheck(ReferenceCluster::knowsALeader);
    }

    /** The node answers {@code MEMBERS} on its own client port and names a leader. */
    static boolean knowsALeader(Node node) {
        return members(node).filter(m -> !m.leader().equals("unknown")).isPresent();
    }

    /**
     * The node that says it leads. Right after a partition an isolated leader may still say so until
     * check-quorum makes it step down; then the one of the newest term is the leader.
     */
    static Optional<String> leader(Cluster cluster) {
        String leader = null;
        long newestTerm = -1;
        for (Node node : cluster.nodes()) {
            if (node.state() != Node.State.RUNNING) {
                continue;
            }
            Optional<ReferenceClient.Members> m = members(node);
            if (m.isPresent() && m.get().role().equals("leader") && m.get().term() > newestTerm) {
                newestTerm = m.get().term();
                leader = node.name();
            }
        }
        return Optional.ofNullable(leader);
    }

    /** What the node says of itself, asked directly (past its proxy); empty when it does not answer in time. */
    static Optional<ReferenceClient.Members> members(Node node) {
        String address = node.directAddress(CLIENT_PORT);
        int colon = address.lastIndexOf(':');
        InetSocketAddress direct = InetSocketAddress.createUnresolved(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)));
        try (ReferenceClient client = new ReferenceClient(Map.of(node.name(), direct), PROBE_TIMEOUT)) {
            return Optional.of(client.members(node.name()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
