package io.faultline.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.checkers.stats.BootstrapInterval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain phi-accrual and phi with {@code phi.reset-on-rejoin}, side by side on the same faults: n1
 * runs plain phi, n2 the remedy, and both watch n3 paused twice, 2 s apart. Each suspicion's
 * {@code FAULTLINE-PHI} line says which inter-arrival history phi judged by, so the table shows why
 * plain phi is late the second time: its window still holds the first pause. Rounds are 12 s apart
 * so that each starts with a window of steady heartbeats; {@code -Dfaultline.phi.rounds=N} runs N
 * of them (one by default) and writes {@code target/phi-second-fault.md}: per fault and observer, the
 * median and 99th percentile over the rounds with 95 % bootstrap intervals, then every round.
 */
class PhiSecondFaultTest {
    private static final String PLAIN = "n1";
    private static final String RESET = "n2";
    private static final String VICTIM = "n3";
    private static final long PAUSE_MS = 3000;
    private static final long MS = 1_000_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    record Sample(int round, int fault, String observer, Long detectionMs, Map<String, String> window) {
    }

    @Test
    void resetOnRejoinNoticesASecondFaultAsSoonAsTheFirstAndPlainPhiDoesNot() throws Exception {
        int rounds = Integer.getInteger("faultline.phi.rounds", 1);
        List<Sample> samples = new ArrayList<>();
        try (TestCluster cluster = TestCluster.start(dir, Map.of("detector.mode", "passive", "detector.strategy", "phi"),
                Map.of(RESET, Map.of("phi.reset-on-rejoin", "true")))) {
            cluster.awaitLeader();
            for (int round = 1; round <= rounds; round++) {
                // Some steady history first; after a round, long enough for a window of 100 heartbeats
                // every 100 ms to have forgotten its pauses (10 s).
                Thread.sleep(round == 1 ? 3000 : 12_000);
                for (int fault = 1; fault <= 2; fault++) {
                    long paused = System.nanoTime();
                    cluster.node(VICTIM).pause();
                    Thread.sleep(PAUSE_MS);
                    long resumed = System.nanoTime();
                    cluster.node(VICTIM).resume();
                    for (String observer : List.of(PLAIN, RESET)) {
                        await(observer + " trusting " + VICTIM + " again").atMost(Duration.ofSeconds(10))
                                .until(() -> cluster.detections().stream().anyMatch(d -> d.observer().equals(observer)
                                        && d.peer().equals(VICTIM) && d.state().equals("trust") && d.nanos() > resumed));
                        samples.add(sample(cluster, round, fault, observer, paused, resumed));
                    }
                    Thread.sleep(2000);
                }
            }
        }
        String table = summary(samples, rounds) + "\n" + table(samples);
        System.out.print(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/phi-second-fault.md"), table);

        for (int round = 1; round <= rounds; round++) {
            Sample plain = find(samples, round, 2, PLAIN);
            Sample reset = find(samples, round, 2, RESET);
            assertThat(reset.detectionMs()).as("the remedy noticed round %d's second pause", round).isNotNull();
            assertThat(Long.parseLong(reset.window().get("max-ms"))).as("the remedy forgot the first pause")
                    .isLessThan(PAUSE_MS / 2);
            if (plain.detectionMs() != null) {
                assertThat(Long.parseLong(plain.window().get("max-ms"))).as("plain phi still holds the first pause")
                        .isGreaterThanOrEqualTo(PAUSE_MS - 500);
                assertThat(reset.detectionMs()).as("round %d: the remedy noticed the second pause sooner", round)
                        .isLessThan(plain.detectionMs());
            }
        }
    }

    /** The observer's first suspicion of the victim during the pause, and the phi line just before it. */
    private static Sample sample(TestCluster cluster, int round, int fault, String observer, long paused, long resumed) {
        Optional<Long> suspected = cluster.detections().stream()
                .filter(d -> d.observer().equals(observer) && d.peer().equals(VICTIM) && d.state().equals("suspect")
                        && d.nanos() > paused && d.nanos() < resumed)
                .map(TestCluster.Detection::nanos).findFirst();
        Map<String, String> window = suspected.flatMap(at -> cluster.node(observer).lines("FAULTLINE-PHI ").stream()
                .map(TestCluster::fields)
                .filter(f -> f.get("peer").equals(VICTIM) && Long.parseLong(f.get("nanos")) <= at)
                .reduce((a, b) -> b)).orElse(Map.of());
        return new Sample(round, fault, observer, suspected.map(at -> (at - paused) / MS).orElse(null), window);
    }

    private static Sample find(List<Sample> samples, int round, int fault, String observer) {
        return samples.stream().filter(s -> s.round() == round && s.fault() == fault && s.observer().equals(observer))
                .findFirst().orElseThrow();
    }

    private static String table(List<Sample> samples) {
        StringBuilder t = new StringBuilder("| round | fault | observer | noticed after | phi window: intervals | mean | stddev | p50 | p99 | max |\n"
                + "|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Sample s : samples) {
            Map<String, String> w = s.window();
            t.append(String.format("| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", s.round(), s.fault(),
                    s.observer().equals(PLAIN) ? "plain phi" : "reset on rejoin",
                    s.detectionMs() == null ? "not during the " + PAUSE_MS + " ms pause" : s.detectionMs() + " ms",
                    w.getOrDefault("intervals", "–"), ms(w, "mean-ms"), ms(w, "stddev-ms"), ms(w, "p50-ms"),
                    ms(w, "p99-ms"), ms(w, "max-ms")));
        }
        return t.toString();
    }

    /**
     * Per fault (first, second) and observer: in how many rounds it noticed the pause, and the median
     * and 99th percentile of when, with 95 % bootstrap intervals over the rounds.
     */
    static String summary(List<Sample> samples, int rounds) {
        StringBuilder t = new StringBuilder("| fault | observer | noticed in | T_D p50 [95 % CI] | T_D p99 [95 % CI] |\n"
                + "|---|---|--:|--:|--:|\n");
        for (int fault = 1; fault <= 2; fault++) {
            for (String observer : List.of(PLAIN, RESET)) {
                int f = fault;
                List<Duration> noticed = samples.stream().filter(s -> s.fault() == f && s.observer().equals(observer)
                        && s.detectionMs() != null).map(s -> Duration.ofMillis(s.detectionMs())).toList();
                t.append(String.format(Locale.ROOT, "| %s | %s | %d of %d rounds | %s | %s |%n",
                        fault == 1 ? "first pause" : "second pause, 2 s after the first",
                        observer.equals(PLAIN) ? "plain phi" : "reset on rejoin", noticed.size(), rounds,
                        noticed.isEmpty() ? "–" : BootstrapInterval.of(noticed, 0.5, 1).describe(),
                        noticed.isEmpty() ? "–" : BootstrapInterval.of(noticed, 0.99, 1).describe()));
            }
        }
        return t.toString();
    }

    private static String ms(Map<String, String> window, String key) {
        return window.containsKey(key) ? window.get(key) + " ms" : "–";
    }
}
