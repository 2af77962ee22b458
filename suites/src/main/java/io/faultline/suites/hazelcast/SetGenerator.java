package io.faultline.suites.hazelcast;

import io.faultline.harness.Generator;
import io.faultline.harness.Invocation;
import io.faultline.harness.Moment;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Jepsen's set workload: every operation adds an element never added before (1, 2, 3, ...). */
public final class SetGenerator implements Generator {
    /** The read each process performs once the faults are over. */
    public static final Invocation FINAL_READ = Invocation.of("read", null);

    private final AtomicLong next = new AtomicLong();

    @Override
    public Invocation next(Random random, int process, Moment now) {
        return Invocation.of("add", next.incrementAndGet());
    }
}
