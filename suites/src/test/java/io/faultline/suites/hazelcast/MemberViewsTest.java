package io.faultline.suites.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.Cluster;
import io.faultline.harness.Node;
import io.faultline.suites.StandInCluster;
import io.faultline.suites.StandInNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Views and master as {@link HazelcastMember} logs them, read back by {@link MemberViews}. */
class MemberViewsTest {

    @Test
    void theMasterIsWhoAMajorityFollowsNotAnIsolatedMemberThatCallsItselfMaster() throws Exception {
        Cluster cluster = cluster(Map.of(
                "hz1", List.of("FAULTLINE-READY node=hz1 members=hz1,hz2,hz3 master=hz1",
                        "FAULTLINE-MEMBERS observer=hz1 members=hz1 master=hz1 nanos=5"),
                "hz2", List.of("FAULTLINE-READY node=hz2 members=hz1,hz2,hz3 master=hz1",
                        "FAULTLINE-MEMBERS observer=hz2 members=hz2,hz3 master=hz2 nanos=6"),
                "hz3", List.of("FAULTLINE-READY node=hz3 members=hz1,hz2,hz3 master=hz1",
                        "FAULTLINE-MEMBERS observer=hz3 members=hz2,hz3 master=hz2 nanos=7")));

        assertThat(MemberViews.master(cluster)).contains("hz2");
        assertThat(MemberViews.of(cluster)).containsEntry("hz1", Set.of("hz1")).containsEntry("hz3", Set.of("hz2", "hz3"));
    }

    @Test
    void noMemberLeadsWhileTheOthersStillListTheDeadMaster() {
        Cluster cluster = cluster(Map.of(
                "hz2", List.of("FAULTLINE-READY node=hz2 members=hz1,hz2,hz3 master=hz1"),
                "hz3", List.of("FAULTLINE-READY node=hz3 members=hz1,hz2,hz3 master=hz1")));

        assertThat(MemberViews.master(cluster)).isEmpty();
    }

    /** Running members whose logs hold {@code lines}. */
    private static Cluster cluster(Map<String, List<String>> lines) {
        List<Node> nodes = new ArrayList<>();
        lines.keySet().stream().sorted().forEach(name -> nodes.add(new StandInNode(name) {
            @Override
            public Stream<String> logSinceStart() {
                return lines.get(name).stream();
            }
        }));
        return StandInCluster.of(nodes);
    }
}
