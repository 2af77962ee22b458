package io.faultline.harness;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

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

    /**
     * The network modes in which this nemesis can act; a schedule that uses it on a cluster in another
     * mode is refused before the run starts ({@link Schedule#requireMakeableIn}).
     */
    default Set<NetworkMode> networkModes() {
        return EnumSet.allOf(NetworkMode.class);
    }

    default void tearDown(ChaosRun context) throws Exception {
    }
}
