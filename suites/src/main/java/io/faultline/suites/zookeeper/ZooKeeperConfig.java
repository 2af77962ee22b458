package io.faultline.suites.zookeeper;

import io.faultline.harness.NodeContext;
import java.util.List;

/**
 * Renders a node's {@code zoo.cfg} so that every quorum and election link runs through its own
 * proxy: in node i's file, {@code server.j} (j ≠ i) names the proxies of the links i→j, so whatever
 * i sends to j — follower to leader, or election votes — crosses a proxy the nemesis can cut.
 *
 * <p>Node i's own entry {@code server.i} does two things in ZooKeeper 3.9, and they pull apart.
 * It is where the node binds its quorum and election ports (unless {@code quorumListenOnAllIPs},
 * which binds every address), and it is the election address the node <em>announces</em> in the
 * first message of every election connection it opens. Between two servers ZooKeeper keeps one
 * election connection, opened by the higher id: when the lower id dials, the higher one hangs up
 * and dials back to the announced address ({@code QuorumCnxManager.handleConnection}), unless that
 * address is a wildcard, which the receiver discards ({@code InitialMessage.parse}) so that it dials
 * the address in its own configuration: the proxy. A real address announced would send that
 * connection straight to the node, past every proxy, and a partition would still let votes through.
 *
 * <p>So the node names itself by its node name ({@code server.1=zk1:2888:3888}), and a hosts file
 * given to its JVM alone ({@link #renderHosts}) makes that name mean two things: its own loopback
 * address in its own JVM, where ZooKeeper resolves it to bind, and {@code 0.0.0.0} in every other
 * node's JVM, where it is resolved only to judge an announcement — a wildcard, discarded. Each node
 * thus binds only its own 127.0.b.N address, and every election connection still crosses a proxy.
 * In a container ({@link NodeContext#bindHost} is {@code 0.0.0.0}) names are Docker's, so the own
 * entry is the wildcard itself: it binds every address of the container's own network namespace,
 * none of which is published beyond the host.
 */
final class ZooKeeperConfig {
    static final String CLIENT = "client";
    static final String QUORUM = "quorum";
    static final String ELECTION = "election";
    /** Not ZooKeeper's: where the node serves its quorum MBeans ({@link QuorumBeansServer}). */
    static final String BEANS = "quorum-beans";
    /** The hosts file {@link ZooKeeperNode} gives its JVM when the node binds its own address. */
    static final String HOSTS = "hosts";
    private static final String WILDCARD = "0.0.0.0";

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

    /**
     * Whether the node binds one address of its own (the process backend), and so names itself by
     * a name its hosts file resolves, rather than binding every address of a container.
     */
    static boolean bindsOwnAddress(NodeContext ctx) {
        return !ctx.bindHost().equals(WILDCARD);
    }

    /**
     * The node's JVM's hosts file (a JVM given {@code jdk.net.hosts.file} resolves names from that
     * file only): its own name is its own address, every other node's name the wildcard, and
     * {@code localhost} is loopback. In a container it maps nothing: Docker's DNS resolves names.
     */
    static String renderHosts(NodeContext ctx) {
        StringBuilder hosts = new StringBuilder("# ").append(ctx.name()).append("'s JVM, rendered by Faultline (see ZooKeeperConfig)\n");
        if (!bindsOwnAddress(ctx)) {
            return hosts.append("# unused: in a container the node binds 0.0.0.0 and Docker's DNS resolves names\n").toString();
        }
        hosts.append(ctx.bindHost()).append(' ').append(ctx.name()).append('\n');
        for (String node : ctx.nodes()) {
            if (!node.equals(ctx.name())) {
                hosts.append(WILDCARD).append(' ').append(node).append('\n');
            }
        }
        return hosts.append("127.0.0.1 localhost\n").toString();
    }

    /** {@code host:quorumPort:electionPort} at which node {@code ctx} reaches {@code node}. */
    private static String serverAddress(NodeContext ctx, String node) {
        if (node.equals(ctx.name())) {
            String self = bindsOwnAddress(ctx) ? ctx.name() : WILDCARD;
            return self + ":" + ctx.port(QUORUM) + ":" + ctx.port(ELECTION);
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
