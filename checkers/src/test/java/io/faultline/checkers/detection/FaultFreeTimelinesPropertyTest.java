package io.faultline.checkers.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Random runs without a fault that makes anything unreachable — only latency and bandwidth faults,
 * which excuse nothing — so every suspicion is one mistake and the whole run is observed. The
 * expected numbers are computed here from the suspicions alone, not by the checker's interval code.
 */
class FaultFreeTimelinesPropertyTest {

    @Test
    void everySuspicionIsOneMistakeAndQueryAccuracyIsTheShareOfTimeTrusted() {
        int mistakesSeen = 0;
        for (long seed = 0; seed < 500; seed++) {
            Random random = new Random(seed);
            List<String> nodes = new ArrayList<>();
            for (int i = 0, n = 2 + random.nextInt(4); i < n; i++) {
                nodes.add("n" + i);
            }
            long start = random.nextInt(3) * 1_000_000_000L;
            long length = 1 + (long) (random.nextDouble() * 60e9);
            long end = start + length;

            List<InjectedFault> faults = new ArrayList<>();
            for (int i = 0, n = random.nextInt(3); i < n; i++) {
                long[] span = sortedPoints(random, start, end, 2);
                faults.add(InjectedFault.degrade("f" + i, random.nextBoolean() ? "latency" : "bandwidth",
                        List.of(nodes.get(random.nextInt(nodes.size()))), span[0], span[1]));
            }
            List<Suspicion> suspicions = new ArrayList<>();
            long suspectedTotal = 0;
            List<long[]> expectedByPair = new ArrayList<>();
            for (String observer : nodes) {
                for (String peer : nodes) {
                    if (observer.equals(peer)) {
                        continue;
                    }
                    int count = random.nextInt(5);
                    // 2 * count ordered instants, each consecutive two a suspicion; the last may stay open
                    long[] points = sortedPoints(random, start, end, 2 * count);
                    long suspected = 0;
                    for (int i = 0; i < count; i++) {
                        long from = points[2 * i];
                        boolean open = i == count - 1 && random.nextInt(4) == 0;
                        if (open) {
                            suspicions.add(Suspicion.open(observer, peer, from));
                            suspected += end - from;
                        } else {
                            suspicions.add(Suspicion.of(observer, peer, from, points[2 * i + 1]));
                            suspected += points[2 * i + 1] - from;
                        }
                    }
                    expectedByPair.add(new long[] {count, suspected});
                    suspectedTotal += suspected;
                }
            }

            DetectionReport report = DetectionChecker.create()
                    .check(new Timeline(nodes, start, end, faults, suspicions, List.of()));

            String context = "seed " + seed + ", run [" + start + ", " + end + "), suspicions " + suspicions;
            int pairs = nodes.size() * (nodes.size() - 1);
            assertThat(report.mistakes()).as(context).hasSize(suspicions.size());
            assertThat(report.accuracy().mistakes()).as(context).isEqualTo(suspicions.size());
            assertThat(report.accuracy().observed().toNanos()).as(context).isEqualTo(pairs * length);
            assertThat(report.accuracy().queryAccuracy()).as(context)
                    .isCloseTo(1 - (double) suspectedTotal / (pairs * length), within(1e-12));
            assertThat(report.mistakes().stream().mapToLong(m -> m.duration().toNanos()).sum()).as(context)
                    .isEqualTo(suspectedTotal);
            for (int i = 0; i < pairs; i++) {
                Accuracy pair = report.accuracyByPair().get(i).accuracy();
                assertThat(pair.mistakes()).as(context).isEqualTo(expectedByPair.get(i)[0]);
                assertThat(pair.queryAccuracy()).as(context)
                        .isCloseTo(1 - (double) expectedByPair.get(i)[1] / length, within(1e-12));
            }
            assertThat(report.partitionSuspicions()).isEmpty();
            assertThat(report.detection().count() + report.detection().undetected()).isZero();
            mistakesSeen += suspicions.size();
        }
        assertThat(mistakesSeen).as("the runs must hold enough suspicions to prove something").isGreaterThan(2_000);
    }

    /** {@code k} instants in {@code [from, to)}, sorted; ties are allowed and make instant suspicions. */
    private static long[] sortedPoints(Random random, long from, long to, int k) {
        return LongStream.generate(() -> from + (long) (random.nextDouble() * (to - from))).limit(k).sorted().toArray();
    }
}
