package io.faultline.suites.jgroupsraft;

import io.faultline.harness.NodeContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a member's JGroups stack, {@code raft.xml}: jgroups-raft's shipped stack with TCP and a
 * static member list (TCPPING) in place of UDP multicast, and failure detection fast enough for a
 * test (a member is suspected after 1.5 s without a heartbeat, sent every 300 ms, and removed from the
 * view once VERIFY_SUSPECT2 confirms it, 500 ms later). jgroups-raft elects from views: a member that
 * sees a majority in its view may be elected; one that loses it gives up leading.
 *
 * <p>JGroups learns a member's address from the member itself (discovery returns the physical address
 * the member advertises), so per-link proxies cannot carry it: the cluster runs in KERNEL network mode
 * and {@link NodeContext#peer} is the peer's own address.
 *
 * @param dirtyReads {@code allow_dirty_reads} of jgroups-raft's counter service (its default in
 *     1.1.4 is true): a read answered from the member's own copy without going through the log
 * @param fsync {@code RAFT.log_use_fsync}: each log append is forced to disk before it counts
 */
public record JGroupsRaftConfig(boolean dirtyReads, boolean fsync) {
    static final String RAFT = "raft";
    static final String CLIENT = "client";
    static final String STATUS = "status";

    /** jgroups-raft's default: dirty reads on; the log is written without fsync. */
    public static JGroupsRaftConfig defaults() {
        return new JGroupsRaftConfig(true, false);
    }

    /** Every read through the log, and every log append forced to disk. */
    public static JGroupsRaftConfig linearizable() {
        return new JGroupsRaftConfig(false, true);
    }

    String render(NodeContext ctx) {
        String self = ctx.self(RAFT);
        List<String> hosts = new ArrayList<>();
        for (String node : ctx.nodes()) {
            String address = node.equals(ctx.name()) ? self : ctx.peer(node, RAFT);
            hosts.add(host(address) + "[" + port(address) + "]");
        }
        return """
                <!-- %s, rendered by Faultline: jgroups-raft's raft.xml with TCP and TCPPING instead of UDP -->
                <config xmlns="urn:org:jgroups">
                    <TCP bind_addr="%s" bind_port="%s" port_range="0" diag.enabled="false"
                         thread_pool.min_threads="2" thread_pool.max_threads="50"/>
                    <TCPPING initial_hosts="%s" port_range="0"/>
                    <MERGE3 min_interval="1000" max_interval="3000"/>
                    <FD_ALL3 interval="300" timeout="1500"/>
                    <VERIFY_SUSPECT2 timeout="500"/>
                    <pbcast.NAKACK2 xmit_interval="200" use_mcast_xmit="false" discard_delivered_msgs="true"/>
                    <UNICAST3 xmit_interval="200" conn_expiry_timeout="0"/>
                    <pbcast.STABLE desired_avg_gossip="5000" max_bytes="1M"/>
                    <raft.NO_DUPES/>
                    <pbcast.GMS print_local_addr="false" join_timeout="1000"/>
                    <UFC max_credits="2M" min_threshold="0.4"/>
                    <MFC max_credits="2M" min_threshold="0.4"/>
                    <FRAG4 frag_size="60K"/>
                    <raft.ELECTION/>
                    <raft.RAFT members="%s" raft_id="%s" log_dir="%s" log_use_fsync="%s" resend_interval="200"/>
                    <raft.REDIRECT/>
                </config>
                """.formatted(ctx.name(), host(self), port(self), String.join(",", hosts), String.join(",", ctx.nodes()),
                ctx.name(), ctx.dataDir(), fsync);
    }

    private static String host(String hostPort) {
        return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }

    private static String port(String hostPort) {
        return hostPort.substring(hostPort.lastIndexOf(':') + 1);
    }
}
