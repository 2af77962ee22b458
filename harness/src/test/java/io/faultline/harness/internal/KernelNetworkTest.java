package io.faultline.harness.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.faultline.harness.Nemeses;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.Schedule;
import io.faultline.harness.backend.KernelPartitions;
import io.faultline.harness.backend.KernelPartitions.Cut;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelNetworkTest {
    private static final List<String> NODES = List.of("n1", "n2", "n3");

    /** Records what the network asks the kernel for, each call one batch. */
    private static final class RecordingKernel implements KernelPartitions {
        final List<List<Cut>> cuts = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public void enableKernelCuts() {
        }

        @Override
        public void cut(Collection<Cut> batch) {
            cuts.add(List.copyOf(batch));
        }

        @Override
        public void heal(Collection<Cut> batch) {
            calls.add("heal " + batch);
        }

        @Override
        public void healAll() {
            calls.add("heal-all");
        }

        @Override
        public void dropConnections(String a, String b) {
            calls.add("drop " + a + " " + b);
        }

        @Override
        public java.util.Map<Cut, Long> droppedPackets() {
            return java.util.Map.of();
        }
    }

    private final RecordingKernel kernel = new RecordingKernel();
    private final KernelNetwork network = new KernelNetwork(kernel, new ProxyNetwork(new ToxiproxyClient("127.0.0.1", 1), NODES), NODES);

    @Test
    void aLinkTwoFaultsCutIsHealedOnlyWhenBothHaveRestoredIt() {
        network.partition(List.of(List.of("n3")));
        network.cut("n1", "n3");

        network.restore("n1", "n3");
        assertThat(kernel.calls).isEmpty();
        network.restore("n1", "n3");
        assertThat(kernel.calls).containsExactly("heal [Cut[from=n1, to=n3]]");
        assertThat(kernel.cuts).hasSize(1); // the second cut of a cut link asks the kernel for nothing
    }

    @Test
    void aPartitionIsOneBatchOfBothDirectionsBetweenTheSides() {
        network.partition(List.of(List.of("n3")));

        assertThat(kernel.cuts).hasSize(1);
        assertThat(kernel.cuts.get(0)).containsExactlyInAnyOrder(
                new Cut("n1", "n3"), new Cut("n2", "n3"), new Cut("n3", "n1"), new Cut("n3", "n2"));
    }

    @Test
    void aOneWayCutIsOneDirectionAndDropConnectionsGoesToTheKernel() {
        network.cut("n1", "n2");
        network.dropConnections("n2", "n3");

        assertThat(kernel.cuts).containsExactly(List.of(new Cut("n1", "n2")));
        assertThat(kernel.calls).containsExactly("drop n2 n3");
    }

    @Test
    void latencyAndBandwidthAreRefusedNamingTheModeThatCanMakeThem() {
        assertThatThrownBy(() -> network.latency("n1", "n2", Duration.ofMillis(50), Duration.ZERO))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("NetworkMode.PROXIED").hasMessageContaining("netem");
        assertThatThrownBy(() -> network.bandwidth("n1", "n2", 1000)).hasMessageContaining("NetworkMode.PROXIED");
        assertThat(kernel.cuts).isEmpty();
    }

    @Test
    void unknownNodesAndSelfLinksAreRefused() {
        assertThatThrownBy(() -> network.cut("n1", "n9")).hasMessageContaining("no node n9");
        assertThatThrownBy(() -> network.cut("n1", "n1")).hasMessageContaining("twice");
        assertThatThrownBy(() -> network.partition(List.of(List.of("n1"), List.of("n1", "n2")))).hasMessageContaining("two components");
    }

    @Test
    void aScheduleWithLatencyIsRefusedForAKernelClusterWhenBuiltAndAllowedForAProxiedOne() {
        Schedule.Builder withLatency = Schedule.builder()
                .faults(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(1),
                        Nemeses.isolateOne(), Nemeses.latency(Duration.ofMillis(100), Duration.ZERO));

        assertThatThrownBy(() -> withLatency.forNetwork(NetworkMode.KERNEL).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nemesis latency cannot act in KERNEL network mode")
                .hasMessageContaining("NetworkMode.PROXIED");
        assertThat(withLatency.forNetwork(NetworkMode.PROXIED).build().phases()).hasSize(1);
        assertThat(Schedule.builder().faults(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(1), Nemeses.isolateOne(),
                Nemeses.dropConnections(), Nemeses.pause()).forNetwork(NetworkMode.KERNEL).build().phases()).hasSize(1);
    }
}
