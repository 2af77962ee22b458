package io.faultline.harness;

import java.util.Random;

/**
 * A fault injector: Jepsen's three verbs. The schedule calls {@link #inject} when a fault is due and
 * {@link Fault#end()} when it is over, and records both; a nemesis only has to act.
 */
public interface Nemesis {

    /** A short name for logs and reports, e.g. {@code kill-random}. */
    String name();

    default void setUp(ChaosRun context) throws Exception {
    }

    /** Injects one fault, drawing its targets from {@code random} (seeded: a seed fixes the draws). */
    Fault inject(ChaosRun context, Random random) throws Exception;

    default void tearDown(ChaosRun context) throws Exception {
    }
}
