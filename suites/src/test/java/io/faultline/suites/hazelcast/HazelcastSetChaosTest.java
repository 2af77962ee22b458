package io.faultline.suites.hazelcast;

import static io.faultline.harness.RunAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import io.faultline.suites.hazelcast.HazelcastSetClient.Layout;
import java.time.Duration;

/**
 * Jepsen's Hazelcast set test on 5.4.0: clients add unique elements to a set in an IMap while one
 * member is cut off long enough for both sides to run as clusters of their own; after the heal the
 * sides merge, and a final read shows which acknowledged adds survived.
 *
 * <p>With the whole set under one key, both sides hold a value for it and the merge policy
 * (Hazelcast's default, {@code PutIfAbsentMergePolicy}) keeps the larger side's: every add the
 * isolated member acknowledged is lost. With a key per element (the control) the merge adds the keys
 * the larger side lacks, and nothing is lost.
 */
class HazelcastSetChaosTest {

    @ChaosCluster
    static final ClusterSpec HZ = HazelcastCluster.members(3, Settings.defaults());

    /** One member isolated for 15 s (about 11 s of split brain after 4 s of detection), then healed and merged. */
    static Schedule splitBrain() {
        return Schedule.builder()
                .warmUp(Duration.ofSeconds(3))
                .faults(Duration.ofSeconds(16), Duration.ofSeconds(16), Duration.ofSeconds(15), Nemeses.isolateOne())
                .heal()
                .recovery(Duration.ofSeconds(15))
                .finalReads()
                .build();
    }

    static Workload set(Layout layout) {
        return Workload.of(HazelcastSetClient.factory(layout), new SetGenerator())
                .withProcesses(6)
                .withRate(100)
                .withFinalRead(SetGenerator.FINAL_READ);
    }

    @ChaosTest
    void oneKeySetLosesTheIsolatedSidesAcknowledgedAddsWhenTheSidesMerge(ChaosRun run) {
        RunResult result = run.execute(set(Layout.ONE_KEY), splitBrain());

        assertThatThrownBy(() -> assertThat(result).lostNoAcknowledgedWrites())
                .as("the set checker finds the adds the merge dropped")
                .hasMessageContaining("lost")
                .hasMessageContaining(run.directory().toString());
    }
}
