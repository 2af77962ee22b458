package io.faultline.checkers.linear;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The time and memory a check may spend, shared by the searches of all its partitions. A search
 * polls {@link #exceeded()} and gives up with {@link Verdict#UNKNOWN} and {@link #reason()}, so a
 * hard history ends in an answer rather than an OutOfMemoryError or a hang.
 */
final class Budget {
    private final long deadlineNanos;
    private final long memoryLimitBytes;
    private final AtomicLong memoryUsed = new AtomicLong();
    private volatile String reason;

    Budget(long timeLimitNanos, long memoryLimitBytes) {
        long now = System.nanoTime();
        this.deadlineNanos = timeLimitNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeLimitNanos;
        this.memoryLimitBytes = memoryLimitBytes;
    }

    /** Records bytes retained by a search's memo table. */
    void charge(long bytes) {
        memoryUsed.addAndGet(bytes);
    }

    void release(long bytes) {
        memoryUsed.addAndGet(-bytes);
    }

    /** Stops every search sharing this budget, e.g. because one partition is already invalid. */
    void cancel(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    boolean exceeded() {
        if (reason != null) {
            return true;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            cancel("time limit exceeded");
            return true;
        }
        if (memoryUsed.get() > memoryLimitBytes) {
            cancel("memory limit of " + describeBytes(memoryLimitBytes) + " exceeded by the search's memo table");
            return true;
        }
        if (Thread.currentThread().isInterrupted()) {
            cancel("interrupted");
            return true;
        }
        return false;
    }

    private static String describeBytes(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    String reason() {
        return reason;
    }
}
