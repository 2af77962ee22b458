package io.faultline.suites.zookeeper;

import io.faultline.harness.NodeContext;
import java.util.List;

/**
 * Renders a node's {@code zoo.cfg} so that every quorum and election link runs through its own
 * proxy: in node i's file, {@code server.j} (j ≠ i) names the proxies of the links i→j, so whatever
 * i sends to j — follower to leader, or election votes — crosses a proxy the nemesis can cut.
 *
 * <p>Node i's own entry is {@code server.i=0.0.0.0:quorum:election}, and that wildcard is what keeps
 * election traffic honest. Between two servers ZooKeeper keeps one election connection, opened by
 * the higher id: when the lower id dials, the higher one hangs up and dials back to the election
 * address the lower one <em>announced</em> in its first message, which is the lower one's own
 * {@code server.i} address. A real address there would send that connection straight to the
 * node, past every proxy, so that a partition would still let votes through. A wildcard announcement
 * is discarded by the receiver ({@code QuorumCnxManager.InitialMessage.parse}), which then dials the
 * address from its own configuration: the proxy. The price is that a node binds its quorum and
 * election ports on every address, so nodes that share a host need distinct port numbers
 * ({@link ZooKeeperCluster} gives node i ports 2888 + i and 3888 + i).
 */
final class ZooKeeperConfig {
    static final String CLIENT = "client";
    static final String QUORUM = "quorum";
    static final String ELECTION = "election";
    /** Not ZooKeeper's: where the node serves its quorum MBeans ({@link QuorumBeansServer}). */
    static final String BEANS = "quorum-beans";

    private ZooKeeperConfig() {
    }

    /** ZooKeeper's server id of the node: its position in the cluster, from 1. */
    static int serverId(NodeContext ctx) {
        return ctx.index() + 1;
    }

    static String render(NodeContext ctx) {
        StringBuilder cfg = new StringBuilder();
        cfg.append("# ").append(ctx.name()).append(" (server.").append(serverId(ctx)).append("), rendered by Faultline\n");
        // Fast failure detection on loopback: followers and leader give up on each other after
        // syncLimit x tickTime = 1 s; a new follower has initLimit x tickTime = 2 s to sync.
        cfg.append("tickTime=200\n");
        cfg.append("initLimit=10\n");
        cfg.append("syncLimit=5\n");
        cfg.append("dataDir=").append(ctx.dataDir()).append('\n');
        cfg.append("clientPort=").append(ctx.port(CLIENT)).append('\n');
        cfg.append("clientPortAddress=").append(ctx.bindHost()).append('\n');
        cfg.append("standaloneEnabled=false\n");
        cfg.append("reconfigEnabled=false\n");
        cfg.append("admin.enableServer=false\n");
        cfg.append("4lw.commands.whitelist=srvr,mntr,ruok\n");
        // A SIGKILL loses nothing that was written, only a machine crash loses what was not synced,
        // and no nemesis crashes the machine; fsync would only slow a two-core CI runner.
        cfg.append("forceSync=no\n");
        // Transaction logs are preallocated in 64 MB steps by default; 1 MB is plenty for a test.
        cfg.append("preAllocSize=1024\n");
        List<String> nodes = ctx.nodes();
        for (int j = 0; j < nodes.size(); j++) {
            cfg.append("server.").append(j + 1).append('=').append(serverAddress(ctx, nodes.get(j))).append('\n');
        }
        return cfg.toString();
    }

    /** {@code host:quorumPort:electionPort} at which node {@code ctx} reaches {@code node}. */
    private static String serverAddress(NodeContext ctx, String node) {
        if (node.equals(ctx.name())) {
            return "0.0.0.0:" + ctx.port(QUORUM) + ":" + ctx.port(ELECTION);
        }
        String quorum = ctx.peer(node, QUORUM);
        String election = ctx.peer(node, ELECTION);
        String host = host(quorum);
        if (!host.equals(host(election))) {
            // server.j has one host and two ports; ZooKeeper's "|" separates whole alternative
            // addresses of a server, not one address per port.
            throw new IllegalStateException("ZooKeeper names a server by one host and two ports, but " + ctx.name()
                    + " reaches " + node + "'s quorum port through " + quorum + " and its election port through "
                    + election + "; the backend must place both proxies of a link on one host");
        }
        return host + ":" + port(quorum) + ":" + port(election);
    }

    private static String host(String hostPort) {
        return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }

    private static String port(String hostPort) {
        return hostPort.substring(hostPort.lastIndexOf(':') + 1);
    }
}
