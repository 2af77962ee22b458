package io.faultline.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.detection.DetectionReport;
import io.faultline.checkers.detection.DetectionStats;
import io.faultline.checkers.detection.FaultDetection;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Nemesis;
import io.faultline.harness.RunAssert;
import io.faultline.harness.RunOptions;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Target;
import io.faultline.harness.Workload;
import io.faultline.suites.etcd.EtcdCluster;
import io.faultline.suites.etcd.EtcdRegisterClient;
import io.faultline.suites.hazelcast.HazelcastCasRegisterClient;
import io.faultline.suites.hazelcast.HazelcastCluster;
import io.faultline.suites.hazelcast.HazelcastConfig;
import io.faultline.suites.jgroupsraft.JGroupsRaftCluster;
import io.faultline.suites.jgroupsraft.JGroupsRaftConfig;
import io.faultline.suites.jgroupsraft.JGroupsRaftRegisterClient;
import io.faultline.suites.ratis.RatisCluster;
import io.faultline.suites.ratis.RatisConfig;
import io.faultline.suites.ratis.RatisRegisterClient;
import io.faultline.suites.reference.ReferenceCluster;
import io.faultline.suites.reference.ReferenceConfig;
import io.faultline.suites.reference.ReferenceRegisterClient;
import io.faultline.suites.workload.UniqueWrites;
import io.faultline.suites.zookeeper.ZkCasRegisterClient;
import io.faultline.suites.zookeeper.ZooKeeperCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every target's own failure detection, under the same schedule, in one table: the leader killed,
 * the leader paused, the leader cut off, a follower cut off — each for 2 s, each followed by a wait
 * until a leader is back and a quiet spell. T_D is from the injection to each observer's first
 * suspicion of the target, as the target's own view says (see each cluster's detection probe);
 * recovery is from the fault's end to the first ok client operation, and to the first moment no node
 * suspects another across the fault. Writes {@code target/faultline/detection-comparison.md}, which
 * README quotes. etcd runs on the process backend whatever the others run on: its binary is the
 * host's, and the Docker backend's image holds a JRE only. Hazelcast's "leader" is its master, the
 * oldest member, which coordinates membership.
 *
 * <pre>
 * mvn verify -Pchaos,chaos-soak -pl suites -am -Dtest=DetectionComparisonTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("chaos")
@Tag("soak")
class DetectionComparisonTest {
    private static final Duration FAULT = Duration.ofSeconds(2);
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final List<Nemesis> FAULTS = List.of(Nemeses.killLeader(), Nemeses.pauseLeader(), Nemeses.isolateLeader(),
            Nemeses.isolate(Target.follower()));

    /** A target under test: its cluster, how its detection is configured, a client of its register, a backend it needs (or ""). */
    record Subject(String name, String detector, ClusterSpec cluster, Workload workload, String backend) {
        Subject(String name, String detector, ClusterSpec cluster, Workload workload) {
            this(name, detector, cluster, workload, "");
        }
    }

    static List<Subject> targets() {
        return List.of(
                new Subject("reference service", "heartbeats every 100 ms, fixed 600 ms timeout (defaults)",
                        ReferenceCluster.of(3, ReferenceConfig.defaults()), workload(ReferenceRegisterClient.factory())),
                new Subject("ZooKeeper 3.9.5", "tickTime 200 ms × syncLimit 5 = 1 s",
                        ZooKeeperCluster.ensemble(3), workload(ZkCasRegisterClient.factory())),
                new Subject("Apache Ratis 3.3.0", "election timeout 300–2,000 ms; a leader suspects a follower silent for 2 s",
                        RatisCluster.group(3, RatisConfig.linearizable()),
                        workload(RatisRegisterClient.factory(RatisRegisterClient.Reads.LOG))),
                new Subject("jgroups-raft 1.1.4", "JGroups FD_ALL3 (heartbeat 300 ms, timeout 1.5 s) + VERIFY_SUSPECT2 (500 ms); views",
                        JGroupsRaftCluster.group(3, JGroupsRaftConfig.linearizable()), workload(JGroupsRaftRegisterClient.pinned())),
                new Subject("etcd 3.4", "heartbeat 100 ms, election timeout 1,000 ms; Raft's lost leader, and peer streams (5 s read timeout)",
                        EtcdCluster.of(3), workload(EtcdRegisterClient.pinned(EtcdRegisterClient.Reads.LINEARIZABLE)), "process"),
                new Subject("Hazelcast 5.4.0", "heartbeat every 1 s, deadline detector, max.no.heartbeat 4 s; member views",
                        HazelcastCluster.members(3, HazelcastConfig.Settings.defaults()), workload(HazelcastCasRegisterClient.factory())));
    }

    private static Workload workload(io.faultline.harness.Client.Factory clients) {
        return Workload.of(clients, UniqueWrites.readingPercent(50)).withProcesses(3).withRate(60)
                .withOpTimeout(Duration.ofSeconds(3));
    }

    static Schedule schedule() {
        Schedule.Builder schedule = Schedule.builder().warmUp(Duration.ofSeconds(2));
        for (Nemesis fault : FAULTS) {
            schedule.faults(FAULT, FAULT, FAULT, Leaders.first(fault)).recovery(QUIET);
        }
        return schedule.heal().recovery(QUIET).build();
    }

    @Test
    void everyTargetUnderTheSameSchedule() throws Exception {
        Path base = Paths.get(System.getProperty("faultline.dir", "target/faultline")).toAbsolutePath();
        long seed = Long.getLong("faultline.seed", 7L);
        Map<Subject, DetectionReport> reports = new LinkedHashMap<>();
        Set<String> backends = new TreeSet<>();
        Map<Subject, String> failures = new LinkedHashMap<>();
        for (Subject target : targets()) {
            RunOptions options = RunOptions.defaults().withSeed(seed)
                    .withBackend(target.backend().isEmpty() ? System.getProperty("faultline.backend", "") : target.backend())
                    .withTestName("DetectionComparisonTest#everyTargetUnderTheSameSchedule")
                    .withDirectory(base.resolve("detection-comparison").resolve(target.cluster().name()));
            // one target that fails is a row that says so, not a table lost for the others
            try (ChaosRun run = ChaosRun.start(target.cluster(), options)) {
                backends.add(run.backend());
                RunResult result = run.execute(target.workload(), schedule());
                DetectionReport report = RunAssert.assertThat(result).detection().report();
                assertThat(report.faults()).extracting(f -> f.fault().kind()).as("faults injected into %s", target.name())
                        .containsExactlyElementsOf(FAULTS.stream().map(Nemesis::name).toList());
                reports.put(target, report);
            } catch (Exception | AssertionError e) {
                failures.put(target, String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
            }
        }
        String table = table(reports, failures, String.join(" and ", backends), seed);
        Path file = base.resolve("detection-comparison.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, table);
        System.out.println(table + "\n(written to " + file + ")");
        assertThat(failures).as("targets whose run failed (their rows say why)").isEmpty();
    }

    private static String table(Map<Subject, DetectionReport> reports, Map<Subject, String> failures, String backend, long seed) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Three nodes each, %s backend (etcd: process), seed %d; each fault lasts %d ms.%n%n", backend, seed,
                FAULT.toMillis()));
        md.append("| target | detector | fault | observers that noticed | T_D p50 | T_D max | first ok op after its end"
                + " | full membership after its end |\n|---|---|---|---|---:|---:|---:|---:|\n");
        for (Map.Entry<Subject, DetectionReport> entry : reports.entrySet()) {
            Map<String, List<FaultDetection>> byKind = new LinkedHashMap<>();
            entry.getValue().faults().forEach(f -> byKind.computeIfAbsent(f.fault().kind(), k -> new ArrayList<>()).add(f));
            for (Map.Entry<String, List<FaultDetection>> kind : byKind.entrySet()) {
                DetectionStats stats = entry.getValue().detectionByKind().get(kind.getKey());
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", entry.getKey().name(),
                        entry.getKey().detector(), kind.getKey(),
                        stats == null ? "—" : stats.count() + " of " + (stats.count() + stats.undetected()),
                        millis(stats == null ? null : stats.p50()), millis(stats == null ? null : stats.max()),
                        longest(kind.getValue(), FaultDetection::toFirstOk), longest(kind.getValue(), FaultDetection::toFullMembership)));
            }
        }
        failures.forEach((target, why) -> md.append(String.format(Locale.ROOT, "| %s | %s | (run failed: %s) | | | | | |%n",
                target.name(), target.detector(), why.replace("|", "/"))));
        return md.toString();
    }

    private static String longest(List<FaultDetection> faults, Function<FaultDetection, Duration> of) {
        if (faults.stream().map(of).anyMatch(Objects::isNull)) {
            return "never";
        }
        return millis(faults.stream().map(of).max(Duration::compareTo).orElse(null));
    }

    private static String millis(Duration d) {
        return d == null ? "—" : String.format(Locale.ROOT, "%,d ms", Math.round(d.toNanos() / 1e6));
    }
}
