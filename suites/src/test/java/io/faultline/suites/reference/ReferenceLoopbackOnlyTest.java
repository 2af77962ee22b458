package io.faultline.suites.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Nemeses;
import io.faultline.harness.RunOptions;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.proxy.reliability.Figures;
import io.faultline.suites.reliability.RunListeners;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loopback only: while a reference-service run boots, partitions and heals in each backend, no
 * socket it opens listens beyond loopback and no container publishes a port beyond the host.
 * A reliability campaign (mvn verify -Pchaos,reliability); boots clusters, so run it under the
 * chaos lock.
 */
@Tag("reliability")
class ReferenceLoopbackOnlyTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"process", "docker"})
    void aRunListensOnLoopbackOnly(String backend) throws Exception {
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofSeconds(1))
                .faults(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(1), Nemeses.partitionRandomHalves())
                .heal()
                .recovery(Duration.ofSeconds(1))
                .finalReads()
                .build();
        RunResult result;
        try (RunListeners listeners = RunListeners.watch()) {
            try (ChaosRun run = ChaosRun.start(ReferenceCluster.of(3, ReferenceConfig.defaults()),
                    RunOptions.defaults().withBackend(backend))) {
                result = run.execute(ReferenceWorkload.casRegister(), schedule);
            }
            listeners.close();
            new Figures("loopback-reference-" + backend).put("runs", 1).put("samples", listeners.samples())
                    .put("crashes", listeners.offLoopback().size()).write();
            assertThat(listeners.offLoopback()).as("listeners beyond loopback during a %s run", backend).isEmpty();
        }
        assertThat(result.history().ops()).as("the run did something").isNotEmpty();
    }
}
