package io.faultline.checkers.linear;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The time and memory a check may spend, shared by the searches of all its partitions. A search
 * polls {@link #exceeded()} and gives up with {@link Verdict#UNKNOWN} and {@link #reason()}, so a
 * hard history ends in an answer rather than an OutOfMemoryError or a hang.
 */
final class Budget {
    /**
     * The heap's old generation (the pools a full collection empties; not eden or survivors, which
     * a collection may leave full): when a full collection leaves it this full, the next allocations
     * are seconds of back-to-back full collections and then an OutOfMemoryError, during which no
     * search can look at its deadline. So a search stops before that.
     */
    private static final double HEAP_NEARLY_EXHAUSTED = 0.9;
    private static final List<MemoryPoolMXBean> OLD_GENERATION = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isUsageThresholdSupported()
                    && p.isCollectionUsageThresholdSupported())
            .toList();

    /** Thrown by a table that was about to grow past the budget; the search answers unknown. */
    static final class Exhausted extends RuntimeException {
        Exhausted(String reason) {
            super(reason, null, false, false);
        }
    }

    private final long deadlineNanos;
    private final long memoryLimitBytes;
    private final AtomicLong memoryUsed = new AtomicLong();
    private volatile String reason;

    Budget(long timeLimitNanos, long memoryLimitBytes) {
        long now = System.nanoTime();
        this.deadlineNanos = timeLimitNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeLimitNanos;
        this.memoryLimitBytes = memoryLimitBytes;
    }

    private Budget(Budget spent) {
        this.deadlineNanos = spent.deadlineNanos;
        this.memoryLimitBytes = spent.memoryLimitBytes;
    }

    /**
     * The same deadline and memory limit for a second round of searches, not cancelled: the first
     * round's searches have returned what they held, and one of them may have cancelled the rest.
     */
    Budget renewed() {
        return new Budget(this);
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
        String exhausted = heapNearlyExhausted();
        if (exhausted != null) {
            cancel(exhausted);
            return true;
        }
        if (Thread.currentThread().isInterrupted()) {
            cancel("interrupted");
            return true;
        }
        return false;
    }

    /** Why the heap cannot take much more, or null while it can. */
    static String heapNearlyExhausted() {
        for (MemoryPoolMXBean pool : OLD_GENERATION) {
            MemoryUsage afterCollection = pool.getCollectionUsage();
            if (afterCollection != null && afterCollection.getMax() > 0
                    && afterCollection.getUsed() > HEAP_NEARLY_EXHAUSTED * afterCollection.getMax()) {
                return "the heap is nearly exhausted (" + describeBytes(afterCollection.getUsed()) + " of "
                        + describeBytes(afterCollection.getMax()) + " of " + pool.getName()
                        + " still in use after its last collection); raise -Xmx or lower the memory limit";
            }
        }
        return null;
    }

    private static String describeBytes(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    String reason() {
        return reason;
    }
}
