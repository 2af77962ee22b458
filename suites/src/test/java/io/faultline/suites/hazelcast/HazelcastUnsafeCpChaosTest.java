package io.faultline.suites.hazelcast;

import static io.faultline.harness.RunAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.RunResult;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import org.junit.jupiter.api.Tag;

/**
 * The same IAtomicLong register in the CP Subsystem's unsafe mode ({@code cp-member-count: 0}): an
 * ordinary partitioned structure, replicated asynchronously, that both sides of a split brain keep
 * serving. Across {@link HazelcastSetChaosTest#splitBrain()} the linearizability checker finds a
 * history no single register could have produced.
 */
@Tag("soak")
class HazelcastUnsafeCpChaosTest {

    @ChaosCluster
    static final ClusterSpec HZ = HazelcastCluster.members(3, Settings.defaults().withCpMembers(0));

    @ChaosTest
    void unsafeModeAtomicLongIsNotLinearizableAcrossASplitBrain(ChaosRun run) {
        RunResult result = run.execute(HazelcastCpChaosTest.casRegister(), HazelcastSetChaosTest.splitBrain());

        assertThatThrownBy(() -> assertThat(result).isLinearizable(CasRegister.casRegister(0L)))
                .hasMessageContaining("not linearizable");
    }
}
