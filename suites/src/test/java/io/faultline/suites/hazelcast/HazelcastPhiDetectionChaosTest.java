package io.faultline.suites.hazelcast;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.suites.hazelcast.HazelcastConfig.Detector;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import org.junit.jupiter.api.Tag;

/** Hazelcast's phi-accrual detector on {@link HazelcastDetection}'s schedule; compare {@link HazelcastDeadlineDetectionChaosTest}. */
@Tag("soak")
class HazelcastPhiDetectionChaosTest {

    @ChaosCluster
    static final ClusterSpec HZ = HazelcastCluster.members(3, Settings.defaults().withDetector(Detector.PHI_ACCRUAL));

    @ChaosTest(seed = HazelcastDetection.SEED)
    void phiAccrualDetector(ChaosRun run) throws Exception {
        HazelcastDetection.measure(run, Detector.PHI_ACCRUAL);
    }
}
