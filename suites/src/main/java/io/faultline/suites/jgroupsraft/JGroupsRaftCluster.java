package io.faultline.suites.jgroupsraft;

import io.faultline.harness.Cluster;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.LogLineProbe;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.Node;
import io.faultline.harness.NodeSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A jgroups-raft 1.1.4 group of members {@code n1..nN} holding a replicated counter used as a
 * register ({@link JGroupsRaftNode}), over TCP with a static member list, in KERNEL network mode
 * (see {@link JGroupsRaftConfig} for why); clients reach each member through its client proxy.
 *
 * <pre>{@code
 * @ChaosCluster
 * static final ClusterSpec RAFT = JGroupsRaftCluster.group(3, JGroupsRaftConfig.linearizable());
 * }</pre>
 */
public final class JGroupsRaftCluster {
    /** The client port's name, for {@code cluster.clientAddress(node, JGroupsRaftCluster.CLIENT_PORT)}. */
    public static final String CLIENT_PORT = JGroupsRaftConfig.CLIENT;
    private static final int STATUS_TIMEOUT_MILLIS = 300;

    private JGroupsRaftCluster() {
    }

    public static ClusterSpec group(int size, JGroupsRaftConfig config) {
        if (size < 1) {
            throw new IllegalArgumentException("a Raft group needs at least one member, got " + size);
        }
        return ClusterSpec.of("jgroups-raft", size, i -> member(i, config))
                .withNetworkMode(NetworkMode.KERNEL)
                .withLeaderProbe(JGroupsRaftCluster::leader)
                .withDetectionProbe(() -> LogLineProbe.matching(
                        "FAULTLINE-DETECT observer=(?<observer>\\S+) peer=(?<peer>\\S+) state=(?<state>\\S+) nanos=(?<nanos>\\d+)"));
    }

    private static NodeSpec member(int index, JGroupsRaftConfig config) {
        return NodeSpec.javaMain("n" + (index + 1), JGroupsRaftNode.class.getName())
                .withJvmArgs("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true")
                .withPeerPort(JGroupsRaftConfig.RAFT, 7800)
                .withClientPort(JGroupsRaftConfig.CLIENT, 7900)
                .withPort(JGroupsRaftConfig.STATUS, 7901)
                .withFile("raft.xml", config::render)
                .withArgs(ctx -> List.of(ctx.file("raft.xml"), ctx.name(),
                        ctx.bindHost() + ":" + ctx.port(JGroupsRaftConfig.CLIENT),
                        ctx.bindHost() + ":" + ctx.port(JGroupsRaftConfig.STATUS),
                        String.valueOf(config.dirtyReads())))
                .withHealthCheck(JGroupsRaftCluster::knowsItsLeader)
                .withStartTimeout(Duration.ofSeconds(40));
    }

    /** The member's own view, asked directly on its status port: {@code role}, {@code leader}, {@code term}, {@code commit}, {@code last}, {@code view}. */
    public static Optional<Map<String, String>> status(Node node) {
        String hostPort = node.directAddress(JGroupsRaftConfig.STATUS);
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    STATUS_TIMEOUT_MILLIS);
            s.setSoTimeout(STATUS_TIMEOUT_MILLIS);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                return Optional.empty();
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String word : line.trim().split(" ")) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    fields.put(word.substring(0, eq), word.substring(eq + 1));
                }
            }
            return Optional.of(fields);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** It serves clients (the register exists) and knows a leader. */
    static boolean knowsItsLeader(Node node) {
        return status(node).filter(s -> !s.getOrDefault("leader", "").isEmpty()).isPresent();
    }

    /** The running member that says it leads in the newest term. */
    static Optional<String> leader(Cluster cluster) {
        String leader = null;
        long newest = -1;
        for (Node node : cluster.nodes()) {
            if (node.state() != Node.State.RUNNING) {
                continue;
            }
            Optional<Map<String, String>> status = status(node);
            if (status.isEmpty() || !status.get().getOrDefault("role", "").equals("Leader")) {
                continue;
            }
            long term = Long.parseLong(status.get().getOrDefault("term", "0"));
            if (term > newest) {
                newest = term;
                leader = node.name();
            }
        }
        return Optional.ofNullable(leader);
    }
}
