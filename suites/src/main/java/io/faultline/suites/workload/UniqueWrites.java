package io.faultline.suites.workload;

import io.faultline.harness.Generator;
import io.faultline.harness.Invocation;
import io.faultline.harness.Moment;
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
    private final int processes;
    private final int readers;

    private UniqueWrites(int readPercent, int processes, int readers) {
        if (readPercent < 0 || readPercent > 100) {
            throw new IllegalArgumentException("a share of reads is 0 to 100 percent, got " + readPercent);
        }
        this.readPercent = readPercent;
        this.processes = processes;
        this.readers = readers;
    }

    /** {@code readPercent} of every process's operations are reads, the rest writes of fresh values. */
    public static UniqueWrites readingPercent(int readPercent) {
        return new UniqueWrites(readPercent, 1, 0);
    }

    /**
     * Of a workload of {@code processes} processes, the first {@code readers} only read and the others
     * only write (a process renumbered after an indeterminate operation keeps its part). Where each
     * process is pinned to a node, a node that stops answering writes — which then wait for their
     * timeout — still has processes that read from it all along.
     */
    public static UniqueWrites readersAndWriters(int processes, int readers) {
        if (readers < 1 || readers >= processes) {
            throw new IllegalArgumentException("readers must be 1 to processes - 1, got " + readers + " of " + processes);
        }
        return new UniqueWrites(0, processes, readers);
    }

    @Override
    public Invocation next(Random random, int process, Moment now) {
        boolean read = readers > 0 ? process % processes < readers : random.nextInt(100) < readPercent;
        return read ? Invocation.of("read", null) : Invocation.of("write", written.incrementAndGet());
    }
}
