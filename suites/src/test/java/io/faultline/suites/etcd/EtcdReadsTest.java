package io.faultline.suites.etcd;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Schedule;
import io.faultline.harness.Target;
import io.faultline.harness.Workload;
import io.faultline.suites.Anomalies;
import io.faultline.suites.Leaders;
import io.faultline.suites.etcd.EtcdRegisterClient.Reads;
import io.faultline.suites.workload.UniqueWrites;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * etcd 3.4 (Debian's {@code etcd-server}, a Go binary started by {@code NodeSpec.command}): serializable
 * reads ({@code etcdctl get --consistency=s}), which etcd documents as possibly stale, answered by a
 * member cut off from the others while the majority goes on writing: caught. Linearizable reads
 * (etcd's default, a ReadIndex round) stay linearizable through kills, pauses and partitions.
 *
 * <p>Both run on the process backend: the binary is the host's, and the Docker backend's image holds a
 * JRE only. Six processes, each talking to one member only ({@link EtcdRegisterClient}): on each member
 * one that only reads and one that only writes fresh values.
 */
// soak until its first runs on a shared machine are in: it then joins the default -Pchaos job
@Tag("soak")
class EtcdReadsTest {
    static final long SEED = 9;

    static Workload workload(Reads reads) {
        return Workload.of(EtcdRegisterClient.pinned(reads), UniqueWrites.readersAndWriters(6, 3))
                .withProcesses(6)
                .withRate(150)
                .withOpTimeout(Duration.ofSeconds(4))
                .withFinalRead(UniqueWrites.FINAL_READ);
    }

    @Nested
    class SerializableReads {
        @ChaosCluster
        static final ClusterSpec ETCD = EtcdCluster.of(3);

        @ChaosTest(seed = SEED, backend = "process")
        void aCutOffFollowerServesStaleReads(ChaosRun run) {
            Schedule schedule = Schedule.builder()
                    .warmUp(Duration.ofSeconds(2))
                    .faults(Duration.ofSeconds(12), Duration.ofSeconds(4), Duration.ofMillis(2500),
                            Leaders.first(Nemeses.isolate(Target.follower())))
                    .heal()
                    .recovery(Duration.ofSeconds(3))
                    .finalReads()
                    .build();
            Anomalies.assertCaught(run.execute(workload(Reads.SERIALIZABLE), schedule), CasRegister.casRegister(0L),
                    "a stale serializable read from the cut-off follower", "isolate-follower");
        }
    }

    @Nested
    class LinearizableReads {
        @ChaosCluster
        static final ClusterSpec ETCD = EtcdCluster.of(3);

        @ChaosTest(seed = SEED, backend = "process")
        void linearizableThroughKillsPausesAndPartitions(ChaosRun run) {
            Schedule schedule = Schedule.builder()
                    .warmUp(Duration.ofSeconds(2))
                    .faults(Duration.ofSeconds(20), Duration.ofSeconds(4), Duration.ofMillis(2500),
                            Leaders.first(Nemeses.isolate(Target.follower())),
                            Leaders.first(Nemeses.isolateLeader()),
                            Nemeses.kill(), Nemeses.pause())
                    .heal()
                    .recovery(Duration.ofSeconds(4))
                    .finalReads()
                    .build();
            Anomalies.assertLinearizable(run.execute(workload(Reads.LINEARIZABLE), schedule), CasRegister.casRegister(0L), null);
        }
    }
}
