package io.faultline.suites.hazelcast;

import static io.faultline.harness.RunAssert.assertThat;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.RunResult;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import io.faultline.suites.hazelcast.HazelcastSetClient.Layout;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;

/**
 * The control of {@link HazelcastSetChaosTest}: a key per element survives the same split brain whole.
 * A control proves something only if the split happened, so the isolated member must have seen
 * itself alone after it had seen all three.
 */
@Tag("soak")
class HazelcastSetControlChaosTest {

    @ChaosCluster
    static final ClusterSpec HZ = HazelcastCluster.members(3, Settings.defaults());

    @ChaosTest
    void aKeyPerElementLosesNoAcknowledgedAdd(ChaosRun run) throws IOException {
        RunResult result = run.execute(HazelcastSetChaosTest.set(Layout.UNIQUE_KEYS), HazelcastSetChaosTest.splitBrain());

        assertThat(result).lostNoAcknowledgedWrites();
        String isolated = ((List<?>) result.events().stream().filter(e -> e.type().equals("fault-start")).findFirst().orElseThrow()
                .fields().get("nodes")).get(0).toString();
        List<Set<String>> views = MemberViews.history(run.cluster().node(isolated));
        int joined = views.indexOf(Set.copyOf(HZ.nodeNames()));
        org.assertj.core.api.Assertions.assertThat(joined).as("%s saw all members (its views: %s)", isolated, views).isNotNegative();
        org.assertj.core.api.Assertions.assertThat(views.subList(joined, views.size()))
                .as("%s's views after it had joined all: the isolation split the membership", isolated).contains(Set.of(isolated));
    }
}
