package io.faultline.suites.etcd;

import io.faultline.harness.Cluster;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.Node;
import io.faultline.harness.NodeContext;
import io.faultline.harness.NodeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An etcd 3.4 cluster from the Debian package ({@code etcd-server}, {@code /usr/bin/etcd}), started
 * by {@link NodeSpec#command}: a target that is not Java, to show the harness is not tied to the JVM.
 * etcd names each member by the peer URLs it advertises, and every member's {@code
 * --initial-cluster} must be the same list (the cluster's id is derived from it), so per-link proxies
 * cannot carry peer traffic: the cluster runs in KERNEL network mode. Its detection probe reads each
 * member's opinions of its peers from its log ({@link EtcdDetectionProbe}). Clients reach each member's
 * client port through its client proxy, by etcd's JSON gateway ({@link EtcdRegisterClient}).
 *
 * <pre>{@code
 * @ChaosCluster
 * static final ClusterSpec ETCD = EtcdCluster.of(3);
 * }</pre>
 */
public final class EtcdCluster {
    /** Where Debian's etcd-server package installs etcd. */
    public static final String ETCD = "/usr/bin/etcd";
    static final String PEER = "peer";
    static final String CLIENT = "client";
    /** Not proxied: the test JVM asks each member its own status here. */
    static final String STATUS = "status";

    private EtcdCluster() {
    }

    /** {@code size} members {@code e1..eN}; heartbeat 100 ms, election timeout 1,000 ms (etcd's defaults). */
    public static ClusterSpec of(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an etcd cluster needs at least one member, got " + size);
        }
        return ClusterSpec.of("etcd", size, EtcdCluster::member)
                .withNetworkMode(NetworkMode.KERNEL)
                .withLeaderProbe(EtcdCluster::leader)
                .withDetectionProbe(EtcdDetectionProbe::new);
    }

    private static NodeSpec member(int index) {
        return NodeSpec.command("e" + (index + 1), ETCD)
                .withPeerPort(PEER, 2380)
                .withClientPort(CLIENT, 2379)
                .withPort(STATUS, 2381)
                .withArgs(EtcdCluster::args)
                .withHealthCheck(node -> EtcdStatus.ask(node).filter(EtcdStatus::hasLeader).isPresent())
                .withStartTimeout(Duration.ofSeconds(30));
    }

    private static List<String> args(NodeContext ctx) {
        String self = ctx.self(PEER);
        List<String> initial = new ArrayList<>();
        for (String node : ctx.nodes()) {
            initial.add(node + "=http://" + (node.equals(ctx.name()) ? self : ctx.peer(node, PEER)));
        }
        String host = ctx.bindHost();
        return List.of(
                "--name", ctx.name(),
                "--data-dir", ctx.dataDir(),
                "--listen-peer-urls", "http://" + self,
                "--initial-advertise-peer-urls", "http://" + self,
                "--listen-client-urls", "http://" + host + ":" + ctx.port(CLIENT) + ",http://" + host + ":" + ctx.port(STATUS),
                "--advertise-client-urls", "http://" + host + ":" + ctx.port(CLIENT),
                "--initial-cluster", String.join(",", initial),
                "--initial-cluster-state", "new",
                "--initial-cluster-token", "faultline",
                "--heartbeat-interval", "100",
                "--election-timeout", "1000",
                "--logger", "zap");
    }

    /** The running member that says it leads in the newest term. */
    static Optional<String> leader(Cluster cluster) {
        String leader = null;
        long newest = -1;
        for (Node node : cluster.nodes()) {
            if (node.state() != Node.State.RUNNING) {
                continue;
            }
            Optional<EtcdStatus> status = EtcdStatus.ask(node);
            if (status.isPresent() && status.get().isLeader() && status.get().raftTerm() > newest) {
                newest = status.get().raftTerm();
                leader = node.name();
            }
        }
        return Optional.ofNullable(leader);
    }
}
