package io.faultline.suites.zookeeper;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Cluster;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Node;
import io.faultline.harness.NodeContext;
import io.faultline.harness.NodeSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An Apache ZooKeeper ensemble whose quorum and election links all run through Faultline's proxies
 * (see {@link ZooKeeperConfig} for how), with clients reaching each server through its client proxy.
 *
 * <pre>{@code
 * @ChaosCluster
 * static final ClusterSpec ZK = ZooKeeperCluster.ensemble(3);
 * }</pre>
 */
public final class ZooKeeperCluster {
    /** The client port's name, for {@code cluster.clientAddresses(ZooKeeperCluster.CLIENT_PORT)}. */
    public static final String CLIENT_PORT = ZooKeeperConfig.CLIENT;

    private static final Set<String> SERVING = Set.of("leader", "follower");

    private ZooKeeperCluster() {
    }

    /**
     * {@code size} servers {@code zk1..zkN}, each serving clients only once it leads or follows, with
     * a {@link ZooKeeperDetectionProbe} reporting who suspects whom.
     */
    public static ClusterSpec ensemble(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an ensemble needs at least one server, got " + size);
        }
        return ClusterSpec.of("zookeeper", size, ZooKeeperCluster::server).withLeaderProbe(ZooKeeperCluster::leader)
                .withDetectionProbe(ZooKeeperDetectionProbe::create);
    }

    private static NodeSpec server(int index) {
        return NodeSpec.javaMain("zk" + (index + 1), ZooKeeperNode.class.getName())
                .withJvmArgs("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dzookeeper.admin.enableServer=false",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                        "-Dorg.slf4j.simpleLogger.showDateTime=true",
                        "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS")
                .withClientPort(ZooKeeperConfig.CLIENT, 2181)
                // every port is bound on the node's own address only (see ZooKeeperConfig), so one
                // number serves every node
                .withPeerPort(ZooKeeperConfig.QUORUM, 2888)
                .withPeerPort(ZooKeeperConfig.ELECTION, 3888)
                .withPort(ZooKeeperConfig.BEANS, 7070)
                .withFile("zoo.cfg", ZooKeeperConfig::render)
                .withFile(ZooKeeperConfig.HOSTS, ZooKeeperConfig::renderHosts)
                .withArgs(ZooKeeperCluster::args)
                .withHealthCheck(ZooKeeperCluster::isServing);
    }

    private static List<String> args(NodeContext ctx) {
        List<String> args = new ArrayList<>(List.of(ctx.file("zoo.cfg"), String.valueOf(ZooKeeperConfig.serverId(ctx)),
                ctx.bindHost() + ":" + ctx.port(ZooKeeperConfig.BEANS)));
        if (ZooKeeperConfig.bindsOwnAddress(ctx)) {
            args.add(ctx.file(ZooKeeperConfig.HOSTS));
        }
        return args;
    }

    /** The server answers {@code srvr} on its own client port as leader or follower (not looking). */
    static boolean isServing(Node node) {
        try {
            String srvr = FourLetterWords.srvr(node.directAddress(ZooKeeperConfig.CLIENT));
            return FourLetterWords.field(srvr, "Mode").filter(SERVING::contains).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** One server leads and every server serves (leads or follows): the ensemble has settled after a fault. */
    public static boolean isSettled(ChaosRun run) {
        return leader(run.cluster()).isPresent() && run.cluster().nodes().stream().allMatch(ZooKeeperCluster::isServing);
    }

    /**
     * The server that says it leads. Right after a partition an isolated leader may still say so
     * for up to syncLimit x tickTime while a new one is elected; then the one of the newest epoch
     * (the high 32 bits of its zxid) is the leader.
     */
    static Optional<String> leader(Cluster cluster) {
        String leader = null;
        long newestEpoch = -1;
        for (Node node : cluster.nodes()) {
            if (node.state() != Node.State.RUNNING) {
                continue;
            }
            String srvr;
            try {
                srvr = FourLetterWords.srvr(node.directAddress(ZooKeeperConfig.CLIENT));
            } catch (IOException e) {
                continue;
            }
            if (FourLetterWords.field(srvr, "Mode").filter("leader"::equals).isEmpty()) {
                continue;
            }
            long epoch = FourLetterWords.field(srvr, "Zxid").map(ZooKeeperCluster::epoch).orElse(0L);
            if (epoch > newestEpoch) {
                newestEpoch = epoch;
                leader = node.name();
            }
        }
        return Optional.ofNullable(leader);
    }

    private static long epoch(String zxid) {
        String hex = zxid.startsWith("0x") ? zxid.substring(2) : zxid;
        return Long.parseUnsignedLong(hex, 16) >>> 32;
    }
}
