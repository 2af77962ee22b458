package io.faultline.suites.reference;

import io.faultline.harness.Generator;
import io.faultline.harness.Invocation;
import io.faultline.harness.Moment;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A register workload in which a lost write cannot hide: every write is of a value never written
 * before (1, 2, 3, ...), so a read that returns an older value after a newer write was acknowledged
 * has no explanation, whatever else was in flight. Three writes to each read, and only reads once a
 * fault has been in place for {@code writeFor} — by then a planted bug has done its damage, so that the
 * first thing the new leader serves is a read of what survived, not a write that would overwrite the
 * evidence (a lost write that is overwritten is, to a register, no loss at all). Counted from the
 * fault being in place, not from the start of its injection: a cut through a proxy container on a
 * loaded machine can take hundreds of milliseconds to apply.
 */
final class ReadsAndUniqueWrites implements Generator {
    private final AtomicLong written = new AtomicLong();
    private final Duration writeFor;

    ReadsAndUniqueWrites(Duration writeFor) {
        this.writeFor = writeFor;
    }

    @Override
    public Invocation next(Random random, int process, Moment now) {
        if (now.faultInPlaceAtLeast(writeFor) || random.nextInt(4) == 0) {
            return Invocation.of("read", null);
        }
        return Invocation.of("write", written.incrementAndGet());
    }
}
