package io.faultline.harness;

import java.util.Random;

/**
 * What the next operation of a process is. The random source is seeded from the run's seed;
 * {@code now} says where the run is — its time, its phase, the faults in effect — so a workload
 * can, say, stop writing once a partition has been in place for a while.
 */
@FunctionalInterface
public interface Generator {
    Invocation next(Random random, int process, Moment now);
}
