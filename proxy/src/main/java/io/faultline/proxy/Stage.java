package io.faultline.proxy;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * One toxic running on one link: a queue of chunks it has not passed on yet, and the per-link state
 * of the toxic. Stages are driven by their {@link ToxicChain} with explicit times (nanoTime) and do
 * no I/O, so they behave the same under a test clock.
 */
abstract class Stage {
    static final long NEVER = Long.MAX_VALUE;
    static final long UNSET = Long.MIN_VALUE;

    final ArrayDeque<Chunk> input = new ArrayDeque<>();
    Toxic toxic;
    /** Outcome of the toxicity draw: an inactive stage passes everything through untouched. */
    boolean active;
    /** The stage has ended its link (sent the end of stream on); whatever still arrives is discarded. */
    boolean finished;
    StageOutput out;
    /** The server's source of randomness (seedable), for jitter and slice sizes. */
    RandomGenerator random;

    /**
     * Passes on, drops or holds what is due at {@code now}. Only called on active, unfinished stages.
     *
     * @return when the stage wants to be called again without new input, or {@link #NEVER}
     */
    abstract long step(long now);

    /**
     * The toxic (re)starts on this link: it was just created, updated, or a neighbour changed. Forget
     * per-chunk timing; keep what must survive restarts (limit_data's count).
     */
    void restart(long now) {
    }

    /** The toxic is being removed from this link; held chunks are handed on unless the stage ends the link. */
    void removed() {
    }

    /** True while a new toxicity draw must not switch the stage off (a reset_peer that is counting down). */
    boolean committed() {
        return false;
    }

    /** Where a stage sends its results. */
    interface StageOutput {
        void emit(Chunk chunk);

        void drop(Chunk chunk);

        /** Sends the end of stream on after what was emitted so far, and finishes this stage. */
        void end();

        /** Asks for the whole connection to be reset (RST on both sides). */
        void abort();
    }

    static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, ms));
    }

    static long micros(long us) {
        return TimeUnit.MICROSECONDS.toNanos(Math.max(0, us));
    }

    /** {@code n * nanos} for n &gt;= 0, saturating at {@link #NEVER} instead of wrapping. */
    static long times(long n, long nanos) {
        return n != 0 && nanos > NEVER / n ? NEVER : n * nanos;
    }

    /** {@code t + nanos}, saturating at {@link #NEVER} instead of wrapping. */
    static long later(long t, long nanos) {
        long r = t + nanos;
        return nanos > 0 && r < t ? NEVER : r;
    }
}
