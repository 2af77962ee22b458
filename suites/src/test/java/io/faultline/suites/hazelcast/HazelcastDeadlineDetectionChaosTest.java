package io.faultline.suites.hazelcast;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.suites.hazelcast.HazelcastConfig.Detector;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import org.junit.jupiter.api.Tag;

/** Hazelcast's deadline detector on {@link HazelcastDetection}'s schedule; compare {@link HazelcastPhiDetectionChaosTest}. */
@Tag("soak")
class HazelcastDeadlineDetectionChaosTest {

    @ChaosCluster
    static final ClusterSpec HZ = HazelcastCluster.members(3, Settings.defaults().withDetector(Detector.DEADLINE));

    @ChaosTest(seed = HazelcastDetection.SEED)
    void deadlineDetector(ChaosRun run) throws Exception {
        HazelcastDetection.measure(run, Detector.DEADLINE);
    }
}
