package io.faultline.suites.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Target;
import io.faultline.suites.Hunt;
import io.faultline.suites.Leaders;
import io.faultline.suites.ReadScenario;
import io.faultline.suites.etcd.EtcdRegisterClient.Reads;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * etcd 3.4 (Debian's {@code etcd-server}, a Go binary started by {@code NodeSpec.command}): serializable
 * reads ({@code etcdctl get --consistency=s}), which etcd documents as possibly stale: a follower
 * answers from its own copy, which lags the leader by a round of replication, and by everything the
 * majority writes while it is cut off: caught. Linearizable reads
 * (etcd's default, a ReadIndex round) stay linearizable through kills, pauses and partitions.
 *
 * <p>Both run on the process backend: the binary is the host's, and the Docker backend's image holds a
 * JRE only. Six processes, each talking to one member only ({@link EtcdRegisterClient}): on each member
 * one that only reads and one that only writes fresh values ({@link ReadScenario}).
 */
class EtcdReadsTest {
    static final long SEED = 9;
    static final ReadScenario READS = ReadScenario.of(EtcdRegisterClient.pinned(Reads.SERIALIZABLE));

    /**
     * Serializable reads, a follower cut off 2.5 s three times; at most 3 runs until a stale read is
     * caught. Caught in the first run of each of seeds 9–13 once the process backend's cuts reached
     * etcd's links (etcd dials its peers from 127.0.0.1: before cuts knew a node by its cgroup, a "cut
     * off" follower was not cut off, and 3 runs caught nothing). Tagged {@code full}: in
     * {@code -Pchaos,chaos-full}.
     */
    @Test
    @Tag("chaos")
    @Tag("full")
    void serializableReadsAreCaught() throws Exception {
        Hunt hunt = READS.withFaults(Duration.ofSeconds(12), Duration.ofSeconds(4), Duration.ofMillis(2500),
                        Leaders.first(Nemeses.isolate(Target.follower())))
                .hunt("etcd-serializable-reads", "EtcdReadsTest#serializableReadsAreCaught", EtcdCluster.of(3))
                .onBackend("process");
        assertThat(hunt.expectCaught("a stale serializable read (a follower's own copy lags the leader, the more so when cut off)",
                SEED, 3, "isolate-follower").caught()).isTrue();
    }

    /**
     * Linearizable reads through follower and leader isolation, kills and pauses. At 150 ops/s its
     * history holds about 3,900–4,250 operations, with the unique writes that kills and partitions
     * leave indeterminate; that once took the checker past its 3 GiB memory limit, and since the
     * checker's work on such histories it decides them in under 150 ms (seeds 9–11: linearizable).
     * Tagged {@code full}: in {@code -Pchaos,chaos-full}.
     */
    @Nested
    @Tag("full")
    class LinearizableReads {
        @ChaosCluster
        static final ClusterSpec ETCD = EtcdCluster.of(3);

        @ChaosTest(seed = SEED, backend = "process")
        void linearizableThroughKillsPausesAndPartitions(ChaosRun run) {
            READS.withClients(EtcdRegisterClient.pinned(Reads.LINEARIZABLE))
                    .withFaults(Duration.ofSeconds(20), Duration.ofSeconds(4), Duration.ofMillis(2500),
                            Leaders.first(Nemeses.isolate(Target.follower())), Leaders.first(Nemeses.isolateLeader()),
                            Nemeses.kill(), Nemeses.pause())
                    .withRecovery(Duration.ofSeconds(4))
                    .assertLinearizable(run, null);
        }
    }
}
