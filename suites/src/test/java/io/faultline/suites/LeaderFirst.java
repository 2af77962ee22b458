package io.faultline.suites;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Fault;
import io.faultline.harness.Nemesis;
import java.time.Duration;
import java.util.Random;

/**
 * A nemesis that waits, for at most {@code patience}, until the cluster's leader probe names a
 * leader before it injects: after a fault that cost the cluster its leader, the next one aimed at
 * the leader would otherwise fail to inject while an election is still on. (A settling combinator in
 * the harness, once there, replaces this.)
 */
public final class LeaderFirst implements Nemesis {
    private final Duration patience;
    private final Nemesis nemesis;

    private LeaderFirst(Duration patience, Nemesis nemesis) {
        this.patience = patience;
        this.nemesis = nemesis;
    }

    public static Nemesis leaderFirst(Duration patience, Nemesis nemesis) {
        return new LeaderFirst(patience, nemesis);
    }

    @Override
    public String name() {
        return nemesis.name();
    }

    @Override
    public void setUp(ChaosRun context) throws Exception {
        nemesis.setUp(context);
    }

    @Override
    public Fault inject(ChaosRun context, Random random) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (context.cluster().leader().isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        return nemesis.inject(context, random);
    }

    @Override
    public void tearDown(ChaosRun context) throws Exception {
        nemesis.tearDown(context);
    }
}
