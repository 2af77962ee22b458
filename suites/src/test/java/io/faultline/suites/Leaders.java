package io.faultline.suites;

import io.faultline.harness.Nemeses;
import io.faultline.harness.Nemesis;
import java.time.Duration;

/** Settling for targets with a leader probe: the next fault aimed at the leader must find one. */
public final class Leaders {
    /** How long a target may take to elect a leader again after a fault. */
    static final Duration PATIENCE = Duration.ofSeconds(15);

    private Leaders() {
    }

    /** {@code nemesis}, whose faults, once ended, wait until the cluster's leader probe names a leader. */
    public static Nemesis first(Nemesis nemesis) {
        return Nemeses.settled(PATIENCE, "a leader leads", run -> run.cluster().leader().isPresent(), nemesis);
    }
}
