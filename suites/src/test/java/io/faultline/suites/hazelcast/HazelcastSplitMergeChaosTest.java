package io.faultline.suites.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Event;
import io.faultline.harness.NetworkMode;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kernel partition of a three-member Hazelcast cluster splits its membership — each side's
 * members list shrinks to that side — and a heal merges it back; the times are in the run
 * directory ({@code membership.txt}, and as events in {@code events.jsonl}).
 */
class HazelcastSplitMergeChaosTest {

    @ChaosCluster
    static final ClusterSpec HZ = HazelcastCluster.members(3, Settings.defaults());

    @ChaosTest
    void aKernelPartitionSplitsTheMembershipAndHealMergesIt(ChaosRun run) throws Exception {
        assertThat(HZ.networkMode()).isEqualTo(NetworkMode.KERNEL);
        Set<String> all = Set.of("hz1", "hz2", "hz3");
        List<String> record = new ArrayList<>();
        awaitViews(run, List.of(all), Duration.ofSeconds(30), "the whole cluster before the partition", record);

        long cut = run.clock().nanos();
        run.network().partition(List.of(List.of("hz3")));
        run.record(Event.of(cut, "fault-start", "kind", "partition", "components", List.of(List.of("hz3"), List.of("hz1", "hz2"))));
        long split = awaitViews(run, List.of(Set.of("hz1", "hz2"), Set.of("hz3")), Duration.ofSeconds(30), "hz3 split from hz1 and hz2", record);

        long heal = run.clock().nanos();
        run.network().heal();
        run.record(Event.of(heal, "fault-end", "kind", "partition"));
        long merged = awaitViews(run, List.of(all), Duration.ofSeconds(60), "the sides merged again", record);

        record.add(String.format("split seen %d ms after the cut; merge seen %d ms after the heal",
                (split - cut) / 1_000_000, (merged - heal) / 1_000_000));
        Files.write(run.directory().resolve("membership.txt"), record);
        assertThat(split).isGreaterThan(cut);
        assertThat(merged).isGreaterThan(heal);
    }

    /** Waits until every member sees exactly its side; returns when, on the run's clock, and notes it in {@code record}. */
    private static long awaitViews(ChaosRun run, List<Set<String>> sides, Duration limit, String what, List<String> record) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, Set<String>> views = Map.of();
        while (System.nanoTime() < deadline) {
            views = MemberViews.of(run.cluster());
            if (MemberViews.showSides(views, sides)) {
                long at = run.clock().nanos();
                record.add(String.format("%.3f s: %s: views %s", at / 1e9, what, views));
                run.record(Event.of(at, "membership", "views", views.toString()));
                return at;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("waited " + limit.toSeconds() + " s for " + what + " (sides " + sides + "); the members' views were last "
                + views + ". Each member's FAULTLINE-MEMBERS lines are in its log under " + run.directory().resolve("logs"));
    }
}
