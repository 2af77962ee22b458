package io.faultline.suites;

import io.faultline.harness.Generator;
import io.faultline.harness.Invocation;
import io.faultline.harness.Moment;
import java.util.List;
import java.util.Random;

/**
 * Jepsen's cas-register mix: reads, writes and compare-and-sets in equal shares over the values 0 to
 * 4, so that CASes often match and the checker's search stays small. The ZooKeeper, reference and
 * Hazelcast suites all run it.
 */
public final class CasRegisterMix implements Generator {
    static final int VALUES = 5;

    /** The read each process performs once the faults are over. */
    public static final Invocation FINAL_READ = Invocation.of("read", null);

    @Override
    public Invocation next(Random random, int process, Moment now) {
        return switch (random.nextInt(3)) {
            case 0 -> Invocation.of("read", null);
            case 1 -> Invocation.of("write", (long) random.nextInt(VALUES));
            default -> Invocation.of("cas", List.of((long) random.nextInt(VALUES), (long) random.nextInt(VALUES)));
        };
    }
}
