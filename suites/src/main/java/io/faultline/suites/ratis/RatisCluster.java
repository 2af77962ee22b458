package io.faultline.suites.ratis;

import io.faultline.harness.Cluster;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.LogLineProbe;
import io.faultline.harness.Node;
import io.faultline.harness.NodeSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Raft group of Apache Ratis 3.3.0 servers (gRPC transport) holding a compare-and-set register
 * ({@link RegisterStateMachine}), every server-to-server link through its own proxy (see
 * {@link PeerLinks} for how, although Ratis replicates peers' addresses), and clients reaching each
 * server through its client proxy on the same port.
 *
 * <pre>{@code
 * @ChaosCluster
 * static final ClusterSpec RATIS = RatisCluster.group(3, RatisConfig.linearizable());
 * }</pre>
 */
public final class RatisCluster {
    /** The port clients and peers use, for {@code cluster.clientAddress(node, RatisCluster.PORT)}. */
    public static final String PORT = RatisConfig.RAFT;
    private static final int STATUS_TIMEOUT_MILLIS = 300;

    private RatisCluster() {
    }

    /** {@code size} servers {@code n1..nN}; a leader probe and a detection probe from each server's own view. */
    public static ClusterSpec group(int size, RatisConfig config) {
        if (size < 1) {
            throw new IllegalArgumentException("a Raft group needs at least one server, got " + size);
        }
        return ClusterSpec.of("ratis", size, i -> server(i, config))
                .withLeaderProbe(RatisCluster::leader)
                .withDetectionProbe(() -> LogLineProbe.matching(
                        "FAULTLINE-DETECT observer=(?<observer>\\S+) peer=(?<peer>\\S+) state=(?<state>\\S+) nanos=(?<nanos>\\d+)"));
    }

    private static NodeSpec server(int index, RatisConfig config) {
        return NodeSpec.javaMain("n" + (index + 1), RatisNode.class.getName())
                .withJvmArgs("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                        "-Dorg.slf4j.simpleLogger.showDateTime=true",
                        "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                        // gRPC's Netty would otherwise look for native transports and TLS providers
                        "-Dorg.apache.ratis.thirdparty.io.netty.transport.noNative=true")
                .withPeerPort(RatisConfig.RAFT, 6000)
                .withClientPort(RatisConfig.RAFT, 6000)
                .withPort(RatisConfig.STATUS, 6100)
                .withFile("ratis.properties", config::render)
                .withArgs(ctx -> List.of(ctx.file("ratis.properties")))
                .withHealthCheck(RatisCluster::knowsItsLeader)
                .withStartTimeout(Duration.ofSeconds(30));
    }

    /** The server's own view of its group, asked directly on its status port. */
    public static Optional<RatisStatus> status(Node node) {
        try {
            return Optional.of(RatisStatus.ask(node.directAddress(RatisConfig.STATUS), STATUS_TIMEOUT_MILLIS));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Leads, or follows a leader it knows. */
    static boolean knowsItsLeader(Node node) {
        return status(node).filter(s -> s.isLeader() || (s.role().equals("FOLLOWER") && !s.leader().isEmpty())).isPresent();
    }

    /** The running server that says it leads in the newest term (a cut-off leader may still say so for a while). */
    static Optional<String> leader(Cluster cluster) {
        String leader = null;
        long newest = -1;
        for (Node node : cluster.nodes()) {
            if (node.state() != Node.State.RUNNING) {
                continue;
            }
            Optional<RatisStatus> status = status(node);
            if (status.isPresent() && status.get().isLeader() && status.get().term() > newest) {
                newest = status.get().term();
                leader = node.name();
            }
        }
        return Optional.ofNullable(leader);
    }
}
