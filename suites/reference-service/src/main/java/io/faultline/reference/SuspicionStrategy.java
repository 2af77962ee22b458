package io.faultline.reference;

/**
 * When to give up on one peer, judged from the times its heartbeats (or acks) arrived. One instance
 * per peer, used from the detector's thread only.
 */
interface SuspicionStrategy {

    /** A heartbeat or ack from the peer arrived at {@code nanos}. */
    void arrival(long nanos);

    /**
     * A heartbeat or ack arrived at {@code nanos} from a peer this node suspected: the silence that
     * just ended was a fault, not the peer's rhythm. Unless the strategy says otherwise, an arrival.
     */
    default void rejoined(long nanos) {
        arrival(nanos);
    }

    /** Whether, at {@code nanos}, the silence since the last arrival is long enough to suspect the peer. */
    boolean suspects(long nanos);
}
