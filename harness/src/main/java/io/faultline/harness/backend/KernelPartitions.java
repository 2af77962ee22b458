package io.faultline.harness.backend;

/**
 * Cuts between nodes made in the kernel rather than in a proxy: an iptables DROP in the receiving
 * node's network namespace, for traffic a TCP proxy cannot carry (UDP, multicast, connections to
 * addresses a target discovers by itself). They act on every protocol and port between the two
 * nodes and hold across restarts of either. Only the Docker backend offers them — check with
 * {@code backend instanceof KernelPartitions}; local processes share one network namespace.
 */
public interface KernelPartitions {

    /** Drops every packet {@code from} sends to {@code to}; what {@code to} sends to {@code from} still arrives. */
    void cut(String from, String to);

    /** Lets {@code from}'s packets reach {@code to} again. */
    void heal(String from, String to);

    /** Removes every kernel cut. */
    void healAll();
}
