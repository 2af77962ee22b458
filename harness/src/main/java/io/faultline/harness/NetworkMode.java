package io.faultline.harness;

/**
 * How a cluster's links are cut, chosen per cluster ({@link ClusterSpec#withNetworkMode}). Both modes
 * offer the same {@link Network} and the same nemeses, except the toxics only a proxy can make.
 */
public enum NetworkMode {
    /**
     * Every node-to-node link runs through its own proxy, named to each node as its peer's address
     * ({@link NodeContext#peer}). The only mode with latency, bandwidth and the other toxics. It
     * partitions only a target that dials its peers at the addresses its configuration gives; a
     * target that learns and dials the address a peer advertises (Hazelcast, JGroups, etcd, Kafka)
     * bypasses the proxies, which the run's traffic check catches.
     */
    PROXIED,
    /**
     * Nodes dial each other directly, and cuts are packet filters in the kernel: rules in each
     * container's network namespace (Docker), or nftables rules between the local node processes,
     * each in its own cgroup (processes, which then must listen on their own address, and may dial
     * from any). Partitions,
     * one-way cuts, isolation and dropped connections for any target, TCP and UDP alike; no delay,
     * since this kernel has no netem.
     */
    KERNEL;

    /** Says why {@code what} cannot be made in this mode, and what to do instead. */
    public String refusal(String what) {
        return what + " needs a proxy on the link, which only NetworkMode.PROXIED puts there (the kernel here has no netem for delay);"
                + " this cluster runs in " + this + " mode: drop the nemesis, or run the cluster with ClusterSpec.withNetworkMode(NetworkMode.PROXIED)"
                + " if the target dials its peers at the addresses its configuration names";
    }
}
