package io.faultline.checkers.detection;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built timelines whose answers are known exactly; times are written in milliseconds. */
class DetectionCheckerTest {
    private static final List<String> ABC = List.of("a", "b", "c");
    private final DetectionChecker checker = DetectionChecker.create();

    /** Milliseconds on the run's clock, in nanoseconds. */
    private static long ms(long millis) {
        return millis * 1_000_000;
    }

    private static Suspicion suspicion(String observer, String peer, long fromMs, long toMs) {
        return Suspicion.of(observer, peer, ms(fromMs), ms(toMs));
    }

    private static Timeline timeline(List<String> nodes, long endMs, List<InjectedFault> faults,
            List<Suspicion> suspicions, Long... okMs) {
        return new Timeline(nodes, 0, ms(endMs), faults, suspicions, List.of(okMs).stream().map(t -> ms(t)).toList());
    }

    @Test
    void aOneWayCutExcusesSuspicionsEitherWayBetweenItsEndsButNotElsewhere() {
        InjectedFault cut = InjectedFault.cuts("1", "partition-one-way", List.of("a", "b"), List.of(List.of("a", "b")),
                ms(5_000), ms(8_000));
        Timeline t = timeline(ABC, 20_000, List.of(cut), List.of(
                suspicion("b", "a", 5_300, 8_200),   // b stops hearing a: expected
                suspicion("a", "b", 5_500, 8_100),   // the reverse direction between the same ends: excused
                suspicion("c", "a", 6_000, 6_500))); // c was not cut from a: a mistake

        DetectionReport report = checker.check(t);

        assertThat(report.fault("1").detections()).extracting(Detection::observer).containsExactly("a", "b");
        assertThat(report.partitionSuspicions()).hasSize(2);
        assertThat(report.mistakes()).singleElement().satisfies(m -> {
            assertThat(m.observer()).isEqualTo("c");
            assertThat(m.peer()).isEqualTo("a");
        });
    }

    @Test
    void aKillIsDetectedWhenEachObserverFirstSuspectsTheTarget() {
        InjectedFault kill = InjectedFault.stop("1", "kill", List.of("c"), ms(5_000), ms(8_000)).recoveredAt(ms(8_500));
        Timeline t = timeline(ABC, 20_000, List.of(kill),
                List.of(suspicion("a", "c", 5_400, 8_700), suspicion("b", "c", 5_600, 9_000)));

        DetectionReport report = checker.check(t);

        FaultDetection f = report.fault("1");
        assertThat(f.detections()).containsExactly(
                new Detection("a", "c", ms(5_400), ms(8_700), ofMillis(400)),
                new Detection("b", "c", ms(5_600), ms(9_000), ofMillis(600)));
        assertThat(f.minDetection()).isEqualTo(ofMillis(400));
        assertThat(f.maxDetection()).isEqualTo(ofMillis(600));
        assertThat(f.undetected()).isZero();

        DetectionStats stats = report.detection();
        assertThat(stats.count()).isEqualTo(2);
        assertThat(stats.undetected()).isZero();
        // HdrHistogram keeps 3 significant digits; max is exact and caps the percentiles
        assertThat(stats.p50().toNanos()).isCloseTo(ms(400), withinPercentage(0.1));
        assertThat(stats.p99()).isEqualTo(ofMillis(600));
        assertThat(stats.max()).isEqualTo(ofMillis(600));
        assertThat(report.detectionByKind()).containsOnlyKeys("kill");
        assertThat(report.detectionByKind().get("kill").count()).isEqualTo(2);
        // both suspicions end within the grace period after c was back at 8.5 s
        assertThat(report.mistakes()).isEmpty();
        assertThat(report.partitionSuspicions()).isEmpty();
    }

    @Test
    void aPauseNobodySuspectedIsUndetected() {
        InjectedFault pause = InjectedFault.stop("1", "pause", List.of("c"), ms(5_000), ms(5_300));
        DetectionReport report = checker.check(timeline(ABC, 20_000, List.of(pause), List.of()));

        FaultDetection f = report.fault("1");
        assertThat(f.detections()).extracting(Detection::observer).containsExactly("a", "b");
        assertThat(f.detections()).noneMatch(Detection::isDetected);
        assertThat(f.undetected()).isEqualTo(2);
        assertThat(f.minDetection()).isNull();
        assertThat(f.maxDetection()).isNull();
        assertThat(report.detection()).isEqualTo(new DetectionStats(0, 2, null, null, null));
    }

    @Test
    void theLatestObserverDecidesTheFaultsDetectionAndOneThatNeverNoticesLeavesItOpen() {
        InjectedFault kill = InjectedFault.stop("1", "kill", List.of("c"), ms(5_000), ms(8_000));
        DetectionReport report = checker.check(timeline(ABC, 20_000, List.of(kill),
                List.of(suspicion("a", "c", 5_400, 8_700))));

        FaultDetection f = report.fault("1");
        assertThat(f.minDetection()).isEqualTo(ofMillis(400));
        assertThat(f.maxDetection()).as("b never noticed, so not every observer did").isNull();
        assertThat(report.detection().count()).isEqualTo(1);
        assertThat(report.detection().undetected()).isEqualTo(1);
    }

    @Test
    void aSuspicionHeldAtTheInjectionDetectsAtOnce() {
        InjectedFault kill = InjectedFault.stop("1", "kill", List.of("c"), ms(5_000), ms(8_000));
        DetectionReport report = checker.check(timeline(ABC, 20_000, List.of(kill),
                List.of(suspicion("a", "c", 4_900, 8_100), suspicion("b", "c", 5_200, 8_100))));

        Detection a = report.fault("1").detections().get(0);
        assertThat(a.suspectedAt()).isEqualTo(ms(5_000));
        assertThat(a.detectionTime()).isEqualTo(Duration.ZERO);
        // the 100 ms a held before the kill was a mistake: c was up
        assertThat(report.mistakes()).containsExactly(new Mistake("a", "c", ms(4_900), ofMillis(100), false, null));
    }

    @Test
    void bothSidesOfAPartitionSuspectEachOtherWithoutMistakes() {
        List<String> nodes = List.of("a", "b", "c", "d", "e");
        InjectedFault isolate = InjectedFault.partition("1", "isolate", List.of("e"),
                List.of(List.of("e"), List.of("a", "b", "c", "d")), ms(5_000), ms(10_000));
        List<Suspicion> suspicions = List.of(
                suspicion("a", "e", 5_500, 10_300), suspicion("b", "e", 5_600, 10_300),
                suspicion("c", "e", 5_700, 10_300), suspicion("d", "e", 5_800, 10_300),
                suspicion("e", "a", 5_900, 10_100), suspicion("e", "b", 5_900, 10_100),
                suspicion("e", "c", 5_900, 10_100), suspicion("e", "d", 5_900, 10_100));

        DetectionReport report = checker.check(timeline(nodes, 20_000, List.of(isolate), suspicions));

        FaultDetection f = report.fault("1");
        // the majority should notice the isolated node; what e thinks of them is no detection
        assertThat(f.detections()).extracting(Detection::observer).containsExactly("a", "b", "c", "d");
        assertThat(f.detections()).extracting(Detection::detectionTime)
                .containsExactly(ofMillis(500), ofMillis(600), ofMillis(700), ofMillis(800));
        assertThat(f.maxDetection()).isEqualTo(ofMillis(800));
        assertThat(report.partitionSuspicions()).hasSize(8);
        assertThat(report.partitionSuspicions()).extracting(PartitionSuspicion::fault).containsOnly("1");
        assertThat(report.mistakes()).isEmpty();
        assertThat(report.accuracy().mistakes()).isZero();
        // e and a were kept apart from 5 s to the heal at 10 s plus 2 s of grace
        assertThat(report.accuracy("e", "a").observed()).isEqualTo(ofMillis(20_000 - 7_000));
    }

    @Test
    void aSuspicionBetweenNodesOnTheSameSideOfAPartitionIsAMistake() {
        List<String> nodes = List.of("a", "b", "c", "d", "e");
        InjectedFault halves = InjectedFault.partition("1", "partition-halves", List.of("a", "b"),
                List.of(List.of("a", "b"), List.of("c", "d", "e")), ms(5_000), ms(10_000));

        DetectionReport report = checker.check(timeline(nodes, 20_000, List.of(halves),
                List.of(suspicion("a", "b", 6_000, 6_200), suspicion("a", "c", 6_000, 10_500))));

        assertThat(report.mistakes()).containsExactly(new Mistake("a", "b", ms(6_000), ofMillis(200), false, null));
        assertThat(report.partitionSuspicions()).extracting(p -> p.suspicion().peer()).containsExactly("c");
        // a and b are on the cut-off side, so only c, d and e should notice them
        assertThat(report.fault("1").detections()).extracting(Detection::observer)
                .containsExactly("c", "c", "d", "d", "e", "e");
    }

    @Test
    void aSuspicionUnderALatencyFaultIsAMistake() {
        InjectedFault latency = InjectedFault.degrade("1", "latency", List.of("a"), ms(5_000), ms(10_000));
        DetectionReport report = checker.check(timeline(ABC, 20_000, List.of(latency),
                List.of(suspicion("b", "a", 6_000, 6_300))));

        assertThat(report.mistakes()).containsExactly(new Mistake("b", "a", ms(6_000), ofMillis(300), false, "1"));
        assertThat(report.fault("1").detections()).isEmpty();
        assertThat(report.detection().count()).isZero();
        assertThat(report.detectionByKind()).isEmpty();
        Accuracy ba = report.accuracy("b", "a");
        // latency excuses nothing: b observed a for the whole 20 s run
        assertThat(ba.observed()).isEqualTo(ofMillis(20_000));
        assertThat(ba.queryAccuracy()).isCloseTo(1 - 0.3 / 20, withinPercentage(1e-9));
        assertThat(ba.mistakesPerHour()).isCloseTo(3600.0 / 20, withinPercentage(1e-9));
    }

    @Test
    void mistakeDurationRecurrenceRateAndQueryAccuracyOnAnHourWithoutFaults() {
        List<Suspicion> mistakes = List.of(
                suspicion("b", "a", 100_000, 100_200),
                suspicion("b", "a", 1_000_000, 1_000_500),
                suspicion("b", "a", 2_800_000, 2_801_300));
        DetectionReport report = checker.check(timeline(List.of("a", "b"), 3_600_000, List.of(), mistakes));

        // by hand: lengths 0.2 s, 0.5 s and 1.3 s; starts 900 s and 1800 s apart; one hour observed
        Accuracy ba = report.accuracy("b", "a");
        assertThat(ba.mistakes()).isEqualTo(3);
        assertThat(ba.observed()).isEqualTo(Duration.ofHours(1));
        assertThat(ba.meanMistakeDuration()).isEqualTo(Duration.ofNanos(666_666_667));
        assertThat(ba.maxMistakeDuration()).isEqualTo(ofMillis(1_300));
        assertThat(ba.meanRecurrence()).isEqualTo(Duration.ofSeconds(1_350));
        assertThat(ba.mistakesPerHour()).isCloseTo(3.0, withinPercentage(1e-9));
        assertThat(ba.queryAccuracy()).isCloseTo(1 - 2.0 / 3_600, withinPercentage(1e-9));

        Accuracy ab = report.accuracy("a", "b");
        assertThat(ab).isEqualTo(new Accuracy(0, Duration.ofHours(1), null, null, null, 0.0, 1.0));

        // pooled over both pairs: two hours observed, the same three mistakes
        Accuracy pooled = report.accuracy();
        assertThat(pooled.mistakes()).isEqualTo(3);
        assertThat(pooled.observed()).isEqualTo(Duration.ofHours(2));
        assertThat(pooled.meanRecurrence()).isEqualTo(Duration.ofSeconds(1_350));
        assertThat(pooled.mistakesPerHour()).isCloseTo(1.5, withinPercentage(1e-9));
        assertThat(pooled.queryAccuracy()).isCloseTo(1 - 2.0 / 7_200, withinPercentage(1e-9));
    }

    @Test
    void recurrenceAndRateCountFaultFreeTimeOnly() {
        // a is paused for 100 s between the second and third mistake; with its grace period, 102 s
        // are not observed
        InjectedFault pause = InjectedFault.stop("1", "pause", List.of("a"), ms(1_500_000), ms(1_600_000));
        List<Suspicion> mistakes = List.of(
                suspicion("b", "a", 100_000, 100_200),
                suspicion("b", "a", 1_000_000, 1_000_500),
                suspicion("b", "a", 2_800_000, 2_801_300));
        DetectionReport report = checker.check(timeline(List.of("a", "b"), 3_600_000, List.of(pause), mistakes));

        Accuracy ba = report.accuracy("b", "a");
        assertThat(ba.observed()).isEqualTo(Duration.ofSeconds(3_600 - 102));
        assertThat(ba.meanRecurrence()).isEqualTo(Duration.ofSeconds((900 + 1_800 - 102) / 2));
        assertThat(ba.mistakesPerHour()).isCloseTo(3 * 3_600.0 / 3_498, withinPercentage(1e-9));
        assertThat(ba.queryAccuracy()).isCloseTo(1 - 2.0 / 3_498, withinPercentage(1e-9));
    }

    @Test
    void suspicionsWithinTheGracePeriodAreTheFaultsAndThoseOutlastingItBecomeMistakes() {
        InjectedFault kill = InjectedFault.stop("1", "kill", List.of("c"), ms(5_000), ms(8_000)).recoveredAt(ms(8_500));
        List<Suspicion> suspicions = List.of(
                suspicion("a", "c", 5_500, 9_000),
                suspicion("a", "c", 10_000, 10_200), // starts anew within the grace period
                suspicion("b", "c", 5_700, 11_500), // persists 1 s past the grace period's end at 10.5 s
                suspicion("c", "a", 8_500, 9_200), // the restarted c has no view of a yet
                suspicion("a", "c", 12_000, 12_100)); // well after: a plain mistake
        Timeline t = timeline(ABC, 30_000, List.of(kill), suspicions);

        DetectionReport report = checker.check(t);

        assertThat(report.mistakes()).containsExactly(
                new Mistake("b", "c", ms(10_500), ofMillis(1_000), false, null),
                new Mistake("a", "c", ms(12_000), ofMillis(100), false, null));
        Detection a = report.fault("1").detections().get(0);
        assertThat(a.suspectedAt()).isEqualTo(ms(5_500));
        assertThat(a.trustedAt()).as("a's last trust of c before the grace period ended").isEqualTo(ms(10_200));

        // without a grace period, every suspicion once c was back counts
        DetectionReport strict = DetectionChecker.create().withGrace(Duration.ZERO).check(t);
        assertThat(strict.mistakes()).containsExactly(
                new Mistake("a", "c", ms(8_500), ofMillis(500), false, null),
                new Mistake("b", "c", ms(8_500), ofMillis(3_000), false, null),
                new Mistake("c", "a", ms(8_500), ofMillis(700), false, null),
                new Mistake("a", "c", ms(10_000), ofMillis(200), false, null),
                new Mistake("a", "c", ms(12_000), ofMillis(100), false, null));
        assertThat(strict.fault("1").detections().get(0).trustedAt()).isEqualTo(ms(9_000));
    }

    @Test
    void recoveryRunsFromTheFaultsEndToTheFirstOkOperationAndToFullMembership() {
        InjectedFault kill = InjectedFault.stop("1", "kill", List.of("c"), ms(5_000), ms(8_000)).recoveredAt(ms(8_200));
        List<Suspicion> suspicions = List.of(
                suspicion("a", "c", 5_400, 8_300),
                suspicion("b", "c", 5_600, 8_600),
                suspicion("c", "a", 8_200, 8_400),
                suspicion("a", "b", 8_500, 8_900)); // between nodes the kill did not touch
        // an operation completing at the very moment of the restart is not after it
        DetectionReport report = checker.check(timeline(ABC, 20_000, List.of(kill), suspicions,
                1_000L, 4_900L, 8_000L, 8_700L, 9_000L));

        FaultDetection f = report.fault("1");
        assertThat(f.firstOkAt()).isEqualTo(ms(8_700));
        assertThat(f.toFirstOk()).isEqualTo(ofMillis(700));
        assertThat(f.fullMembershipAt()).isEqualTo(ms(8_600));
        assertThat(f.toFullMembership()).isEqualTo(ofMillis(600));
    }

    @Test
    void recoveryThatNeverCameIsNull() {
        InjectedFault pause = InjectedFault.stop("1", "pause", List.of("b"), ms(12_000), ms(14_000));
        DetectionReport report = checker.check(timeline(ABC, 20_000, List.of(pause),
                List.of(Suspicion.open("a", "b", ms(12_500))), 11_000L));

        FaultDetection f = report.fault("1");
        assertThat(f.toFirstOk()).isNull();
        assertThat(f.toFullMembership()).isNull();
        assertThat(report.summary()).contains("first ok never, full membership never");
    }

    @Test
    void aFaultWithNoSuspicionAtItsEndHasFullMembershipAtOnce() {
        InjectedFault pause = InjectedFault.stop("1", "pause", List.of("c"), ms(5_000), ms(5_300));
        DetectionReport report = checker.check(timeline(ABC, 20_000, List.of(pause), List.of()));

        assertThat(report.fault("1").toFullMembership()).isEqualTo(Duration.ZERO);
    }

    @Test
    void openSuspicionsLastUntilTheEndOfTheRun() {
        InjectedFault kill = new InjectedFault("1", "kill", Effect.STOP, List.of("c"), List.of(), List.of(), ms(10_000), null, null);
        List<Suspicion> suspicions = List.of(
                Suspicion.open("a", "c", ms(10_300)),
                Suspicion.open("b", "c", ms(10_500)),
                Suspicion.open("a", "b", ms(18_000)));
        DetectionReport report = checker.check(timeline(ABC, 20_000, List.of(kill), suspicions));

        FaultDetection f = report.fault("1");
        assertThat(f.detections()).containsExactly(
                new Detection("a", "c", ms(10_300), null, ofMillis(300)),
                new Detection("b", "c", ms(10_500), null, ofMillis(500)));
        assertThat(f.firstOkAt()).isNull();
        assertThat(f.toFullMembership()).as("the fault never ended").isNull();
        // still suspected at the end: a mistake of at least 2 s
        assertThat(report.mistakes()).containsExactly(new Mistake("a", "b", ms(18_000), ofMillis(2_000), true, null));
        assertThat(report.accuracy("a", "b").queryAccuracy()).isCloseTo(1 - 2.0 / 20, withinPercentage(1e-9));
    }

    @Test
    void aRestartedObserverIsNeitherRightNorWrongWhileDownAndSettling() {
        InjectedFault restart = InjectedFault.stop("1", "restart", List.of("a"), ms(5_000), ms(5_000))
                .recoveredAt(ms(6_000));
        DetectionReport report = checker.check(timeline(ABC, 20_000, List.of(restart),
                List.of(suspicion("a", "b", 6_000, 7_000))));

        assertThat(report.mistakes()).isEmpty();
        // a was down 1 s and settling 2 s: 3 s of its view of b are not observed
        assertThat(report.accuracy("a", "b").observed()).isEqualTo(ofMillis(17_000));
        assertThat(report.fault("1").detections()).extracting(Detection::isDetected).containsExactly(false, false);
    }

    @Test
    void theGracePeriodMayNotBeNegative() {
        assertThatThrownBy(() -> checker.withGrace(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grace period must be zero or more");
        assertThat(checker.grace()).isEqualTo(Duration.ofSeconds(2));
    }
}
