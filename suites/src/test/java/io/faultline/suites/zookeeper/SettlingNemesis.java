package io.faultline.suites.zookeeper;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Cluster;
import io.faultline.harness.Fault;
import io.faultline.harness.Nemesis;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A nemesis whose faults, once ended, wait until the ensemble has settled again — one server
 * leading, every other following — before the schedule moves on, for at most {@link #PATIENCE_SECONDS}.
 * The schedule stamps a fault's end when the end is issued, so the wait delays the next fault, not
 * the measurement; and the next fault finds a leader to aim at, and its detections owe nothing to the
 * last one.
 */
final class SettlingNemesis implements Nemesis {
    static final long PATIENCE_SECONDS = 15;
    private final Nemesis nemesis;

    private SettlingNemesis(Nemesis nemesis) {
        this.nemesis = nemesis;
    }

    static Nemesis settling(Nemesis nemesis) {
        return new SettlingNemesis(nemesis);
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
        Fault fault = nemesis.inject(context, random);
        return new Fault() {
            @Override
            public String kind() {
                return fault.kind();
            }

            @Override
            public List<String> nodes() {
                return fault.nodes();
            }

            @Override
            public Map<String, Object> details() {
                return fault.details();
            }

            @Override
            public void end() throws Exception {
                fault.end();
                awaitSettled(context.cluster());
            }
        };
    }

    @Override
    public void tearDown(ChaosRun context) throws Exception {
        nemesis.tearDown(context);
    }

    /** Until a leader leads and every server serves; gives up quietly after the patience runs out. */
    private static void awaitSettled(Cluster cluster) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (System.nanoTime() < deadline) {
            if (cluster.leader().isPresent() && cluster.nodes().stream().allMatch(ZooKeeperCluster::isServing)) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
