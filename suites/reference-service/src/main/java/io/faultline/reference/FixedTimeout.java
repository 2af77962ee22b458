package io.faultline.reference;

/** Suspect a peer once nothing has arrived from it for a fixed time ({@code detector.timeout.ms}). */
final class FixedTimeout implements SuspicionStrategy {
    private final long timeoutNanos;
    private long lastArrival;

    /** {@code startNanos} counts as an arrival: a peer never heard from is suspected one timeout after start. */
    FixedTimeout(long timeoutNanos, long startNanos) {
        this.timeoutNanos = timeoutNanos;
        this.lastArrival = startNanos;
    }

    @Override
    public void arrival(long nanos) {
        lastArrival = nanos;
    }

    @Override
    public boolean suspects(long nanos) {
        return nanos - lastArrival > timeoutNanos;
    }
}
