package io.faultline.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection probes and the detection assertions, on hand-made logs and events. */
class DetectionTest {
    private static final String LINE = "FAULTLINE-DETECT observer=(?<observer>\\S+) peer=(?<peer>\\S+) state=(?<state>\\S+) nanos=(?<nanos>\\d+)";

    @TempDir
    Path dir;

    @Test
    void theLogProbeMapsANodesNanoTimeStampOntoTheRunClockExactly() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2");
        cluster.logs = dir;
        RunClock clock = RunClock.start();
        List<String> reports = new ArrayList<>();
        LogLineProbe probe = LogLineProbe.matching(LINE);
        probe.start(cluster, clock, new DetectionProbe.Sink() {
            @Override
            public synchronized void suspect(String observer, String peer, long time) {
                reports.add("suspect " + observer + " " + peer + " " + time);
            }

            @Override
            public synchronized void trust(String observer, String peer, long time) {
                reports.add("trust " + observer + " " + peer + " " + time);
            }

            @Override
            public synchronized void error(String node, Exception error) {
                reports.add("error " + node + " " + error.getMessage());
            }
        });
        try {
            long stamp = clock.originNanoTime() + 123_456_789L;
            Files.writeString(dir.resolve("n1.log"), "noise\nFAULTLINE-DETECT observer=n1 peer=n2 state=suspect nanos="
                    + stamp + "\nFAULTLINE-DETECT observer=n1 peer=n2 state=trust nanos=" + (stamp + 1000) + "\n"
                    + "a partial line without its end", StandardOpenOption.CREATE);

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                synchronized (probe) {
                    return reports.size() >= 2;
                }
            });
            assertThat(reports).containsExactly("suspect n1 n2 123456789", "trust n1 n2 123457789");
        } finally {
            probe.stop();
        }
    }

    @Test
    void aLogLineTheProbeCannotReadReachesTheSinkAndTheProbeReadsOn() throws Exception {
        FakeCluster cluster = new FakeCluster("n1");
        cluster.logs = dir;
        RunClock clock = RunClock.start();
        List<String> reports = new ArrayList<>();
        LogLineProbe probe = LogLineProbe.matching(LINE);
        probe.start(cluster, clock, new DetectionProbe.Sink() {
            @Override
            public synchronized void suspect(String observer, String peer, long time) {
                reports.add("suspect " + observer + " " + peer);
            }

            @Override
            public synchronized void trust(String observer, String peer, long time) {
                reports.add("trust " + observer + " " + peer);
            }

            @Override
            public synchronized void error(String node, Exception error) {
                reports.add("error " + node + ": " + error.getMessage());
            }
        });
        try {
            // a stamp past Long.MAX_VALUE: the line matches, but its time cannot be read
            Files.writeString(dir.resolve("n1.log"), "FAULTLINE-DETECT observer=n1 peer=n2 state=suspect nanos=99999999999999999999\n"
                    + "FAULTLINE-DETECT observer=n1 peer=n2 state=trust nanos=" + clock.originNanoTime() + "\n");

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                synchronized (probe) {
                    return reports.size() >= 2;
                }
            });
            synchronized (probe) {
                assertThat(reports).hasSize(2);
                assertThat(reports.get(0)).startsWith("error n1: cannot read the log line 'FAULTLINE-DETECT observer=n1 peer=n2 "
                        + "state=suspect nanos=99999999999999999999'");
                assertThat(reports.get(1)).isEqualTo("trust n1 n2");
            }
        } finally {
            probe.stop();
        }
    }

    @Test
    void aPatternWithoutPeerOrStateIsRefusedWithTheGroupItNeeds() {
        assertThatThrownBy(() -> LogLineProbe.matching("observer=(?<observer>\\S+)")).hasMessageContaining("(?<peer>");
    }

    @Test
    void detectionIsJudgedFromTheRunsEventsAndWrittenToDetectionJson() throws Exception {
        long s = 1_000_000_000L;
        List<Event> events = List.of(
                Event.of(2 * s, "fault-start", "id", 1, "kind", "pause", "nodes", List.of("n3"), "details", Map.of(), "effect", "paused"),
                Event.of(2 * s + 300_000_000L, "suspect", "observer", "n1", "peer", "n3"),
                Event.of(2 * s + 500_000_000L, "suspect", "observer", "n2", "peer", "n3"),
                Event.of(4 * s, "fault-end", "id", 1, "kind", "pause", "nodes", List.of("n3")),
                Event.of(4 * s + 100_000_000L, "trust", "observer", "n1", "peer", "n3"),
                Event.of(4 * s + 200_000_000L, "trust", "observer", "n2", "peer", "n3"),
                Event.of(8 * s, "suspect", "observer", "n1", "peer", "n2"),
                Event.of(8 * s + 50_000_000L, "trust", "observer", "n1", "peer", "n2"));
        History history = History.of(List.of(Op.invoke(0, "read", null).withTime(s), Op.ok(0, "read", 0L).withTime(10 * s)));
        RunResult run = new RunResult(List.of("n1", "n2", "n3"), history, events, dir, 1, "rerun");

        DetectionAssert detection = RunAssert.assertThat(run).detection();

        detection.max().isEqualTo(Duration.ofMillis(500));
        detection.p50().isBetween(Duration.ofMillis(299), Duration.ofMillis(301));
        detection.mistakes().isEqualTo(1);
        detection.undetected().isZero();
        assertThat(Files.readString(dir.resolve("detection.json"))).contains("\"kind\" : \"pause\"");
        assertThatThrownBy(() -> RunAssert.assertThat(run).detection().mistakes().isZero())
                .hasMessageContaining("mistaken suspicions");
    }
}
