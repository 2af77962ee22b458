package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Nemeses;
import io.faultline.harness.RunOptions;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.proxy.reliability.Figures;
import io.faultline.suites.reliability.RunListeners;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loopback only: while a ZooKeeper run boots, partitions and heals in each backend, no socket it
 * opens listens beyond loopback (read from /proc/net/tcp and tcp6 every 200 ms) and no container
 * publishes a port beyond the host. In the process backend each node binds its quorum and election
 * ports on its own 127.0.b.N address only (ZooKeeperConfig says how), so any listener off loopback
 * fails the campaign.
 * A reliability campaign (mvn verify -Pchaos,reliability); the Docker case takes the chaos lock.
 */
@Tag("reliability")
class ZooKeeperLoopbackOnlyTest {
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
            try (ChaosRun run = ChaosRun.start(ZooKeeperCluster.ensemble(3),
                    RunOptions.defaults().withBackend(backend))) {
                result = run.execute(ZooKeeperCasRegisterChaosTest.casRegister(ZkCasRegisterClient.factory()), schedule);
            }
            listeners.close();
            Set<String> found = listeners.offLoopback();
            new Figures("loopback-zookeeper-" + backend).put("runs", 1).put("samples", listeners.samples())
                    .put("crashes", found.size()).write();
            assertThat(found).as("listeners beyond loopback during a %s run", backend).isEmpty();
        }
        assertThat(result.history().ops()).as("the run did something").isNotEmpty();
    }
}
