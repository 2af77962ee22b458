package io.faultline.suites.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.RunOptions;
import io.faultline.harness.Schedule;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import io.faultline.suites.hazelcast.HazelcastSetClient.Layout;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hazelcast behind per-link proxies is not partitioned by them for long: members join through the
 * proxies, but once a partition has split them, the merge dials each peer at the address it
 * advertises, past the proxies, and every later cut misses those connections. The run's traffic check
 * sees them and fails the run, naming them, the likely cause and KERNEL mode as the fix — instead of
 * letting it pass on partitions that did not partition.
 */
@Tag("full")
@Tag("chaos")
class HazelcastProxiedTrafficIsCaughtTest {


    @Test
    void aProxiedHazelcastRunFailsNamingTheDirectConnectionsAndKernelMode() throws Exception {
        ClusterSpec proxied = HazelcastCluster.members(3, Settings.defaults()).withNetworkMode(NetworkMode.PROXIED);
        Path dir = Path.of("target", "faultline", "HazelcastProxiedTrafficIsCaughtTest", String.valueOf(System.currentTimeMillis()));
        RunOptions options = RunOptions.defaults().withSeed(7).withDirectory(dir)
                .withBackend(System.getProperty("faultline.backend", ""));
        Schedule splitAndMerge = Schedule.builder()
                .warmUp(Duration.ofSeconds(2))
                .faults(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(9), Nemeses.isolateOne())
                .heal()
                .recovery(Duration.ofSeconds(12))
                .build();
        try (ChaosRun run = ChaosRun.start(proxied, options)) {
            assertThatThrownBy(() -> run.execute(HazelcastSetChaosTest.set(Layout.UNIQUE_KEYS), splitAndMerge))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("runs in PROXIED network mode, yet its nodes talk to each other directly")
                    .hasMessageContaining("hz1 (")
                    .hasMessageContaining("dials the address each peer advertises")
                    .hasMessageContaining("ClusterSpec.withNetworkMode(NetworkMode.KERNEL)");
        }
        assertThat(dir.resolve("direct-connections.txt")).content().contains(":5701");
    }
}
