package io.faultline.harness.backend;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Cuts between nodes made in the kernel rather than in a proxy, for {@code NetworkMode.KERNEL}: they
 * act on every protocol and port between two nodes (UDP, multicast, connections to addresses a target
 * discovers by itself) and hold across restarts of either. Both backends offer them: iptables rules in
 * each container's network namespace, or nftables rules between the local processes' own loopback
 * addresses.
 */
public interface KernelPartitions {

    /** What {@code from} sends to {@code to}. */
    record Cut(String from, String to) {
    }

    /**
     * Prepares kernel cuts for the run, before any node starts; fails, saying how to get it, where the
     * privilege or the tools are missing, so that a run never goes on uncut.
     */
    void enableKernelCuts();

    /** Drops every packet of every cut given; what is not named still flows. All at once where the mechanism allows. */
    void cut(Collection<Cut> cuts);

    /** Lets the packets of the cuts given through again. */
    void heal(Collection<Cut> cuts);

    /** Removes every kernel cut. */
    void healAll();

    /**
     * How many packets each link's cuts have dropped in this run so far, healed cuts included: the
     * evidence that a cut cut. A link never cut is absent; a link cut but idle meanwhile counts 0.
     */
    Map<Cut, Long> droppedPackets();

    /** Closes every TCP connection between the two nodes, both ways (new ones may open at once). */
    void dropConnections(String a, String b);

    default void cut(String from, String to) {
        cut(List.of(new Cut(from, to)));
    }

    default void heal(String from, String to) {
        heal(List.of(new Cut(from, to)));
    }
}
