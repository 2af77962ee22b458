package io.faultline.suites.workload;

import io.faultline.harness.Generator;
import io.faultline.harness.Invocation;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A register workload in which a stale read cannot hide: every write is of a value never written
 * before (1, 2, 3, ...), so a read that returns an older value after a newer write was acknowledged
 * has no explanation, whatever else was in flight. Checked as a cas-register starting at 0.
 */
public final class UniqueWrites implements Generator {
    /** The read each process performs once the faults are over. */
    public static final Invocation FINAL_READ = Invocation.of("read", null);

    private final AtomicLong written = new AtomicLong();
    private final int readPercent;

    private UniqueWrites(int readPercent) {
        if (readPercent < 0 || readPercent > 100) {
            throw new IllegalArgumentException("a share of reads is 0 to 100 percent, got " + readPercent);
        }
        this.readPercent = readPercent;
    }

    /** {@code readPercent} of operations are reads, the rest writes of fresh values. */
    public static UniqueWrites readingPercent(int readPercent) {
        return new UniqueWrites(readPercent);
    }

    @Override
    public Invocation next(Random random, int process) {
        if (random.nextInt(100) < readPercent) {
            return Invocation.of("read", null);
        }
        return Invocation.of("write", written.incrementAndGet());
    }
}
