package io.faultline.suites.reference;

import io.faultline.harness.Generator;
import io.faultline.harness.Invocation;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A register workload in which a lost write cannot hide: every write is of a value never written
 * before (1, 2, 3, ...), so a read that returns an older value after a newer write was acknowledged
 * has no explanation, whatever else was in flight. Three writes to each read, and only reads while
 * {@code readsOnly} holds — which a planted-bug scenario sets once the damage is done, so that the
 * first thing the new leader serves is a read of what survived, not a write that would overwrite the
 * evidence (a lost write that is overwritten is, to a register, no loss at all).
 */
final class ReadsAndUniqueWrites implements Generator {
    private final AtomicLong written = new AtomicLong();
    private final BooleanSupplier readsOnly;

    ReadsAndUniqueWrites(BooleanSupplier readsOnly) {
        this.readsOnly = readsOnly;
    }

    @Override
    public Invocation next(Random random, int process) {
        if (readsOnly.getAsBoolean() || random.nextInt(4) == 0) {
            return Invocation.of("read", null);
        }
        return Invocation.of("write", written.incrementAndGet());
    }
}
