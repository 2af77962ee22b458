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
import io.faultline.checkers.durability.DurabilityResult;
import io.faultline.checkers.durability.SetChecker;
import io.faultline.checkers.history.Operation;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
    void oneKeySetLosesTheIsolatedSidesAcknowledgedAddsWhenTheSidesMerge(ChaosRun run) throws Exception {
        RunResult result = run.execute(set(Layout.ONE_KEY), splitBrain());

        assertThatThrownBy(() -> assertThat(result).lostNoAcknowledgedWrites())
                .as("the set checker finds the adds the merge dropped")
                .hasMessageContaining("acknowledged adds lost")
                .hasMessageContaining(run.directory().toString());
        List<String> evidence = lostWrites(result);
        Files.write(run.directory().resolve("lost-writes.txt"), evidence);
        String isolated = String.valueOf(result.events().stream().filter(e -> e.type().equals("fault-start")).findFirst().orElseThrow()
                .fields().get("nodes"));
        org.assertj.core.api.Assertions.assertThat(evidence).as("lost adds by the member they went through")
                .anyMatch(line -> isolated.contains(line.split(":")[0]));
    }

    /**
     * Every lost element with the member its add went through, and the partition: the adds the
     * isolated side acknowledged are the ones the merge dropped.
     */
    static List<String> lostWrites(RunResult result) throws Exception {
        DurabilityResult durability = SetChecker.check(result.history());
        List<String> members = result.nodes();
        Set<Object> lost = new HashSet<>(durability.lost());
        Map<String, List<Object>> byMember = new TreeMap<>();
        for (Operation op : result.history().operations()) {
            if (op.f().equals("add") && lost.contains(op.invocation().value())) {
                byMember.computeIfAbsent(members.get(op.process() % members.size()), m -> new ArrayList<>()).add(op.invocation().value());
            }
        }
        List<String> partitions = result.events().stream().filter(e -> e.type().equals("fault-start"))
                .map(e -> e.fields().get("nodes") + " cut off, " + e.fields()).toList();
        String isolated = partitions.isEmpty() ? "?" : String.valueOf(result.events().stream()
                .filter(e -> e.type().equals("fault-start")).findFirst().orElseThrow().fields().get("nodes"));
        List<String> lines = new ArrayList<>();
        Set<String> lostVia = byMember.keySet();
        lines.add(durability.lost().size() + " of " + durability.acknowledgedCount() + " acknowledged adds lost, all "
                + (lostVia.size() == 1 && isolated.contains(lostVia.iterator().next()) ? "through the isolated member " : "through members ")
                + lostVia + "; the partition: " + partitions);
        byMember.forEach((member, elements) -> lines.add(member + ": " + elements.size() + " lost: " + elements));
        return lines;
    }
}
