package io.faultline.suites.hazelcast;

import static io.faultline.harness.RunAssert.assertThat;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.RunResult;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import io.faultline.suites.hazelcast.HazelcastSetClient.Layout;
import org.junit.jupiter.api.Tag;

/** The control of {@link HazelcastSetChaosTest}: a key per element survives the same split brain whole. */
@Tag("soak")
class HazelcastSetControlChaosTest {

    @ChaosCluster
    static final ClusterSpec HZ = HazelcastCluster.members(3, Settings.defaults());

    @ChaosTest
    void aKeyPerElementLosesNoAcknowledgedAdd(ChaosRun run) {
        RunResult result = run.execute(HazelcastSetChaosTest.set(Layout.UNIQUE_KEYS), HazelcastSetChaosTest.splitBrain());

        assertThat(result).lostNoAcknowledgedWrites();
    }
}
