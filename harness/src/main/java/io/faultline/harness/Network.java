package io.faultline.harness;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The network between nodes, as Faultline sees it: any partition is a set of cut links. Each link
 * runs through its own proxy ({@link NetworkMode#PROXIED}), or is cut by packet filters in the kernel
 * ({@link NetworkMode#KERNEL}); client links always run through proxies.
 *
 * <p>"The link from a to b" is what a sends to b, whichever side opened the TCP connection it rides
 * on. Cutting it drops those bytes silently — connections stay open and unanswered, as in a real
 * partition, so heartbeat timeouts, not socket errors, have to notice. Delay and bandwidth exist
 * only through the proxies (this kernel has no netem): in KERNEL mode they throw, and a schedule that
 * uses them is refused before the run starts.
 */
public interface Network {

    /** The node names, in cluster order. */
    List<String> nodes();

    /** Cuts both directions between every pair of nodes in different components; nodes not named form one more component. */
    void partition(Collection<? extends Collection<String>> components);

    /**
     * Cuts what {@code from} sends to {@code to}; the other direction still flows. Cuts count: a
     * link cut by two faults carries bytes again only once both have {@linkplain #restore restored} it.
     */
    void cut(String from, String to);

    /** Undoes one {@link #cut} of what {@code from} sends to {@code to} (a partition is a cut per link). */
    void restore(String from, String to);

    /** Cuts clients off from {@code node} (both directions). */
    void isolateFromClients(String node);

    /**
     * Adds delay to what {@code from} sends to {@code to}: {@code latency} ± {@code jitter}, per chunk.
     * Delays added by overlapping faults add up; each fault removes only its own.
     */
    Limit latency(String from, String to, Duration latency, Duration jitter);

    /**
     * Limits what {@code from} sends to {@code to} to {@code bytesPerSecond}. Under overlapping
     * limits the slowest holds; each fault removes only its own.
     */
    Limit bandwidth(String from, String to, long bytesPerSecond);

    /** One delay or bandwidth limit on one link, as one call added it. */
    @FunctionalInterface
    interface Limit {
        /** Removes this limit and no other; nothing happens when {@link #heal} already removed it. */
        void remove();
    }

    /** Closes every open connection between the two nodes, both ways; new ones may be opened at once. */
    void dropConnections(String a, String b);

    /** Restores every link at once — no cuts, no delay, no limits — whatever fault made them so. */
    void heal();
}
