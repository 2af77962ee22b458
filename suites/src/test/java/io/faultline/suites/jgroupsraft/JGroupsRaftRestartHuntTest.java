package io.faultline.suites.jgroupsraft;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.Client;
import io.faultline.harness.Completion;
import io.faultline.harness.Event;
import io.faultline.harness.Invocation;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Node;
import io.faultline.harness.RunOptions;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Target;
import io.faultline.suites.Anomalies;
import io.faultline.suites.Leaders;
import io.faultline.suites.workload.UniqueWrites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hunts a report from a hand-made trial: a jgroups-raft member restarted after kill -9 served a stale
 * counter (75 where the cluster had 363), and its log did not catch up, in 5 of 5 runs. Here the log
 * is durable ({@code log_use_fsync=true}, the log in the member's data directory, which survives the
 * restart), dirty reads are on (the counter service's default: a member answers a read from its own
 * copy, which is what shows whether that copy caught up), and six processes read and write at their own
 * members while a follower is killed and restarted: for 2 s every 5 s over 20 s ({@link
 * #aRestartedMemberCatchesUp}), or for 10 s, twice, so that it misses some 300 writes as the hand-made
 * trial's member did ({@link #aMemberRestartedAfterALongOutageCatchesUp}).
 *
 * <p>Dirty reads are stale by design while replication is under way, so linearizability says nothing
 * here. The hunt records two things per run: each member's final read, 5 s after the last restart
 * while writes went on until then (a restarted member still far behind is the hand trial's report),
 * and, 2 s after writes stopped, each member's own copy (a dirty read at that member) and its commit
 * index. A run where a member has not caught up even then fails the test. Every member logs its
 * progress (commit index, last log index, own copy) every 500 ms ({@code FAULTLINE-PROGRESS}), so the
 * run directory (history, logs, configuration, seed) shows when a restarted member caught up.
 * Seeds and verdicts go to {@code target/faultline/hunts/jgroups-raft-restart*.md}.
 *
 * <pre>
 * mvn verify -Pchaos,chaos-soak -pl suites -am -Dtest=JGroupsRaftRestartHuntTest -Dsurefire.failIfNoSpecifiedTests=false -Dfaultline.hunt.runs=5
 * </pre>
 */
@Tag("chaos")
@Tag("soak")
class JGroupsRaftRestartHuntTest {
    private static final Duration SETTLE = Duration.ofSeconds(2);
    /** Final reads are concurrent with the last few writes, so members may differ by a few values and be current. */
    private static final long CURRENT_WITHIN = 10;

    /** One run's outcome: each member's own copy and commit index after the run, and the members killed in it. */
    record Outcome(long seed, Path directory, TreeSet<String> killed, Map<String, Long> finalReads, Map<String, Long> copies,
            Map<String, String> commits, long okReads) {
        /** Every member's final read, while writes had gone on until then, showed the same value. */
        boolean currentAtFinalRead() {
            return finalReads.size() == 3 && new TreeSet<>(finalReads.values()).last() - new TreeSet<>(finalReads.values()).first()
                    <= CURRENT_WITHIN;
        }

        boolean caughtUp() {
            return copies.size() == 3 && new TreeSet<>(copies.values()).size() == 1 && new TreeSet<>(commits.values()).size() == 1;
        }
    }

    @Test
    void aRestartedMemberCatchesUp() throws Exception {
        hunt("jgroups-raft-restart", "aRestartedMemberCatchesUp", Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    @Test
    void aMemberRestartedAfterALongOutageCatchesUp() throws Exception {
        hunt("jgroups-raft-restart-long", "aMemberRestartedAfterALongOutageCatchesUp", Duration.ofSeconds(24), Duration.ofSeconds(12),
                Duration.ofSeconds(10));
    }

    private static void hunt(String name, String method, Duration span, Duration every, Duration down) throws Exception {
        int runs = Integer.getInteger("faultline.hunt.runs", 3);
        String givenSeed = System.getProperty("faultline.seed", "").trim();
        long first = givenSeed.isEmpty() ? JGroupsRaftReadsTest.SEED : Long.parseLong(givenSeed);
        Path base = Paths.get(System.getProperty("faultline.dir", "target/faultline")).toAbsolutePath().resolve("hunts");
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            outcomes.add(once(first + i, base.resolve(name).resolve("seed-" + (first + i)), method, span, every, down));
            System.out.println("faultline: hunt " + name + " run " + (i + 1) + " of " + runs + ": " + outcomes.get(i));
        }
        Path table = write(base.resolve(name + ".md"), name, method, outcomes);
        assertThat(outcomes).as("runs in which a member had not caught up 5 s after the last restart (table: %s)", table)
                .allMatch(Outcome::caughtUp);
    }

    private static Outcome once(long seed, Path directory, String method, Duration span, Duration every, Duration down)
            throws Exception {
        RunOptions options = RunOptions.defaults().withSeed(seed).withTestName("JGroupsRaftRestartHuntTest#" + method)
                .withBackend(System.getProperty("faultline.backend", "")).withDirectory(directory);
        try (ChaosRun run = ChaosRun.start(JGroupsRaftCluster.group(3, new JGroupsRaftConfig(true, true)), options)) {
            RunResult result = run.execute(JGroupsRaftReadsTest.READS.workload(), Schedule.builder()
                    .warmUp(Duration.ofSeconds(3))
                    .faults(span, every, down, Leaders.first(Nemeses.kill(Target.follower())))
                    .heal()
                    .recovery(Duration.ofSeconds(5))
                    .finalReads()
                    .build());
            Anomalies.assertMeaningful(result, "kill-follower");
            Thread.sleep(SETTLE.toMillis());
            Map<String, Long> copies = new LinkedHashMap<>();
            Map<String, String> commits = new LinkedHashMap<>();
            Client.Factory clients = JGroupsRaftRegisterClient.pinned();
            for (int m = 0; m < run.cluster().nodes().size(); m++) {
                Node node = run.cluster().nodes().get(m);
                Map<String, String> status = JGroupsRaftCluster.status(node).orElse(Map.of());
                commits.put(node.name(), status.getOrDefault("commit", "?") + "/" + status.getOrDefault("last", "?"));
                try (Client client = clients.open(run.cluster(), m)) {
                    Completion read = client.invoke(UniqueWrites.FINAL_READ);
                    if (read.type() == OpType.OK) {
                        copies.put(node.name(), ((Number) read.value()).longValue());
                    }
                }
            }
            String summary = "2 s after the final reads, each member's own copy " + copies + " and commit/last index " + commits + "\n";
            Files.writeString(result.directory().resolve("catch-up.txt"), summary);
            TreeSet<String> killed = new TreeSet<>();
            for (Event e : result.events()) {
                if (e.type().equals("fault-start") && e.fields().get("nodes") instanceof List<?> nodes) {
                    nodes.forEach(n -> killed.add(String.valueOf(n)));
                }
            }
            Map<String, Long> finalReads = new LinkedHashMap<>();
            long finalPhase = result.events().stream().filter(e -> e.type().equals("phase") && "final-reads".equals(e.fields().get("phase")))
                    .mapToLong(Event::time).findFirst().orElse(Long.MAX_VALUE);
            for (Op op : result.history().ops()) {
                if (!op.isNemesis() && op.type() == OpType.OK && op.f().equals("read") && op.time() >= finalPhase) {
                    finalReads.put(run.cluster().nodes().get(op.process() % 3).name(), ((Number) op.value()).longValue());
                }
            }
            long okReads = result.history().ops().stream()
                    .filter(op -> !op.isNemesis() && op.type() == OpType.OK && op.f().equals("read")).count();
            return new Outcome(seed, result.directory(), killed, new TreeMap<>(finalReads), copies, commits, okReads);
        }
    }

    private static Path write(Path file, String name, String method, List<Outcome> outcomes) throws Exception {
        StringBuilder md = new StringBuilder("## Hunt: " + name + "\n\n");
        md.append(String.format(Locale.ROOT, "%d of %d runs had a member that did not catch up. Replay one: `mvn verify -Pchaos,chaos-soak"
                + " -pl suites -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=JGroupsRaftRestartHuntTest#%s"
                + " -Dfaultline.hunt.runs=1 -Dfaultline.seed=SEED`%n%n", outcomes.stream().filter(o -> !o.caughtUp()).count(),
                outcomes.size(), method));
        md.append(String.format(Locale.ROOT, "%d of %d runs had a member whose final read, 5 s after the last restart, lagged the"
                + " others by more than %d values.%n%n", outcomes.stream().filter(o -> !o.currentAtFinalRead()).count(), outcomes.size(),
                CURRENT_WITHIN));
        md.append("| seed | killed and restarted | ok reads | final reads (writes until then) | own copy 2 s after writes stopped"
                + " | commit/last index then | caught up | run directory |\n|---:|---|---:|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %s%s | %s | %s | %s | %s |%n", o.seed(), String.join(", ", o.killed()),
                    o.okReads(), o.finalReads(), o.currentAtFinalRead() ? "" : " **stale**", o.copies(), o.commits(),
                    o.caughtUp() ? "yes" : "**no**", o.directory()));
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
        System.out.println(md + "(written to " + file + ")");
        return file;
    }
}
