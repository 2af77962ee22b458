package io.faultline.suites.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.RunOptions;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import io.faultline.proxy.reliability.Figures;
import java.time.Duration;
import java.util.Set;

/**
 * The loopback-only campaign every target shares: while one run boots {@code cluster}, partitions it
 * into random halves and heals it, no socket it opens listens beyond loopback and no container
 * publishes a port beyond the host; any listener off loopback fails the campaign. Figures go to
 * {@code loopback-<name>-<backend>}.
 */
public final class LoopbackOnly {
    private LoopbackOnly() {
    }

    public static void assertListensOnLoopbackOnly(String name, String backend, ClusterSpec cluster, Workload workload)
            throws Exception {
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofSeconds(1))
                .faults(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(1), Nemeses.partitionRandomHalves())
                .heal()
                .recovery(Duration.ofSeconds(1))
                .finalReads()
                .build();
        RunResult result;
        try (RunListeners listeners = RunListeners.watch()) {
            try (ChaosRun run = ChaosRun.start(cluster, RunOptions.defaults().withBackend(backend))) {
                result = run.execute(workload, schedule);
            }
            listeners.close();
            Set<String> found = listeners.offLoopback();
            new Figures("loopback-" + name + "-" + backend).put("runs", 1).put("samples", listeners.samples())
                    .put("crashes", found.size()).write();
            assertThat(found).as("listeners beyond loopback during a %s run", backend).isEmpty();
        }
        assertThat(result.history().ops()).as("the run did something").isNotEmpty();
    }
}
