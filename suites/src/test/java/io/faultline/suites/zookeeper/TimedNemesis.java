package io.faultline.suites.zookeeper;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Fault;
import io.faultline.harness.Nemesis;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A nemesis whose faults say how long injecting them took ({@value #KEY} in their details). The
 * schedule stamps a fault when injection begins; a partition that cuts link after link through a
 * proxy server's API is complete only that much later, and a detection time includes it.
 */
final class TimedNemesis implements Nemesis {
    static final String KEY = "inject-ms";
    private final Nemesis nemesis;

    private TimedNemesis(Nemesis nemesis) {
        this.nemesis = nemesis;
    }

    static Nemesis timed(Nemesis nemesis) {
        return new TimedNemesis(nemesis);
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
        long start = System.nanoTime();
        Fault fault = nemesis.inject(context, random);
        long millis = Math.round((System.nanoTime() - start) / 1e6);
        Map<String, Object> details = new LinkedHashMap<>(fault.details());
        details.put(KEY, millis);
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
                return details;
            }

            @Override
            public void end() throws Exception {
                fault.end();
            }
        };
    }

    @Override
    public void tearDown(ChaosRun context) throws Exception {
        nemesis.tearDown(context);
    }
}
