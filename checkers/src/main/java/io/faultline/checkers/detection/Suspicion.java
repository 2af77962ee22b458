package io.faultline.checkers.detection;

import java.util.Objects;

/**
 * A stretch of time during which one node's failure detector suspected a peer: from a probe's
 * {@code suspect} event to the matching {@code trust}.
 *
 * @param observer the node whose detector suspected
 * @param peer the node it suspected
 * @param start nanoseconds on the run's clock when the observer began to suspect the peer
 * @param end nanoseconds when it trusted the peer again, or null when it still suspected it at the
 *     end of the run
 */
public record Suspicion(String observer, String peer, long start, Long end) {

    public Suspicion {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(peer, "peer");
        if (observer.equals(peer)) {
            throw new IllegalArgumentException("suspicion of " + peer + " by itself at " + start
                    + " ns; a detector only suspects its peers, so drop self-suspicions when converting probe events");
        }
        if (end != null && end < start) {
            throw new IllegalArgumentException("suspicion of " + peer + " by " + observer + " ends at " + end
                    + " ns, before it starts at " + start + " ns; pair each trust event with the suspect event"
                    + " before it, on the same clock");
        }
    }

    /** A suspicion that ended when the observer trusted the peer again. */
    public static Suspicion of(String observer, String peer, long start, long end) {
        return new Suspicion(observer, peer, start, end);
    }

    /** A suspicion still held at the end of the run. */
    public static Suspicion open(String observer, String peer, long start) {
        return new Suspicion(observer, peer, start, null);
    }

    public boolean isOpen() {
        return end == null;
    }

    /** The end, or {@code runEnd} for a suspicion still held when the run ended. */
    long endOr(long runEnd) {
        return end == null ? runEnd : end;
    }

    @Override
    public String toString() {
        return observer + " suspects " + peer + " [" + start + ", " + (end == null ? "open" : end) + ")";
    }
}
