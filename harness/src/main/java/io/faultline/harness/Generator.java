package io.faultline.harness;

import java.util.Random;

/** What the next operation of a process is. The random source is seeded from the run's seed. */
@FunctionalInterface
public interface Generator {
    Invocation next(Random random, int process);
}
