package io.faultline.suites.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.RunOptions;
import io.faultline.harness.Schedule;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import io.faultline.suites.hazelcast.HazelcastSetClient.Layout;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hazelcast behind per-link proxies is not partitioned by them: a member learns each peer's
 * advertised address and dials it directly. The run's traffic check sees those connections and fails
 * the run, naming them, the likely cause and KERNEL mode as the fix — instead of letting it pass on
 * partitions that never happened.
 */
@Tag("chaos")
class HazelcastProxiedTrafficIsCaughtTest {

    @TempDir
    Path dir;

    @Test
    void aProxiedHazelcastRunFailsNamingTheDirectConnectionsAndKernelMode() throws Exception {
        ClusterSpec proxied = HazelcastCluster.members(3, Settings.defaults()).withNetworkMode(NetworkMode.PROXIED);
        RunOptions options = RunOptions.defaults().withSeed(7).withDirectory(dir.resolve("run"))
                .withBackend(System.getProperty("faultline.backend", ""));
        Schedule quiet = Schedule.builder().warmUp(Duration.ofSeconds(3)).finalReads().build();
        try (ChaosRun run = ChaosRun.start(proxied, options)) {
            assertThatThrownBy(() -> run.execute(HazelcastSetChaosTest.set(Layout.UNIQUE_KEYS), quiet))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("runs in PROXIED network mode, yet its nodes talk to each other directly")
                    .hasMessageContaining("hz1 (")
                    .hasMessageContaining("dials the address each peer advertises")
                    .hasMessageContaining("ClusterSpec.withNetworkMode(NetworkMode.KERNEL)");
        }
        assertThat(dir.resolve("run").resolve("direct-connections.txt")).content().contains(":5701");
    }
}
