package io.faultline.suites.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.detection.DetectionChecker;
import io.faultline.checkers.detection.DetectionReport;
import io.faultline.checkers.detection.InjectedFault;
import io.faultline.checkers.detection.Suspicion;
import io.faultline.checkers.detection.Timeline;
import io.faultline.suites.reference.ReferenceConfig.DetectorMode;
import io.faultline.suites.reference.ReferenceConfig.DetectorStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bound the detection matrix holds fixed-timeout configurations to catches a probe that lies:
 * one that reports suspicions late, at once, or never. Judged on made-up timelines of three nodes,
 * n2 killed at 1 s and at 4 s, each for 1.5 s, T = 600 ms and h = 100 ms.
 */
class DetectionBoundTest {
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private static final List<String> KINDS = List.of("kill");
    private static final long MS = 1_000_000;
    private static final DetectionBound PASSIVE =
            DetectionBound.of(ReferenceConfig.defaults(), Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void passiveFixedIsBoundByTheTimeoutAndTheInterval() {
        assertThat(DetectionBound.of(ReferenceConfig.defaults(), Duration.ZERO, Duration.ZERO))
                .isEqualTo(new DetectionBound(Duration.ofMillis(500), Duration.ofMillis(700)));
        assertThat(PASSIVE).isEqualTo(new DetectionBound(Duration.ofMillis(400), Duration.ofMillis(1700)));
    }

    @Test
    void hybridModeProbesForOneMoreTimeout() {
        ReferenceConfig hybrid = ReferenceConfig.defaults().withMode(DetectorMode.HYBRID);
        assertThat(DetectionBound.of(hybrid, Duration.ZERO, Duration.ZERO))
                .isEqualTo(new DetectionBound(Duration.ofMillis(1100), Duration.ofMillis(1300)));
    }

    @Test
    void phiAccrualHasNoBoundInItsConfiguration() {
        ReferenceConfig phi = ReferenceConfig.defaults().withStrategy(DetectorStrategy.PHI);
        assertThatThrownBy(() -> DetectionBound.of(phi, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("phi-accrual has no bound");
    }

    @Test
    void anHonestProbeIsWithinTheBound() {
        assertThat(PASSIVE.violations(reportWithSuspicionsAfter(560, 590), KINDS)).isEmpty();
    }

    @Test
    void aProbeThatReportsLateFails() {
        assertThat(PASSIVE.violations(reportWithSuspicionsAfter(560, 1800), KINDS))
                .containsExactly("fault 1 (kill of n2): n3 suspected it after 1800 ms, past 1700 ms",
                        "fault 2 (kill of n2): n3 suspected it after 1800 ms, past 1700 ms");
    }

    @Test
    void aProbeThatReportsAtTheInjectionFails() {
        assertThat(PASSIVE.violations(reportWithSuspicionsAfter(0, 5), KINDS))
                .containsExactly("median T_D 0 ms is below 400 ms, sooner than the timeout allows");
    }

    @Test
    void aProbeThatNeverReportsFails() {
        assertThat(PASSIVE.violations(reportWithSuspicionsAfter(560, -1), KINDS))
                .containsExactly("fault 1 (kill of n2): n3 never suspected it", "fault 2 (kill of n2): n3 never suspected it");
    }

    @Test
    void aRunWithoutTheFaultsIsNoEvidence() {
        assertThat(PASSIVE.violations(reportWithSuspicionsAfter(560, 590), List.of("pause")))
                .containsExactly("no fault of kinds [pause] to judge");
    }

    /** n1 suspects each killed n2 {@code n1Ms} after the kill, n3 {@code n3Ms} after (never if negative). */
    private static DetectionReport reportWithSuspicionsAfter(long n1Ms, long n3Ms) {
        List<InjectedFault> faults = new ArrayList<>();
        List<Suspicion> suspicions = new ArrayList<>();
        long[] kills = {1000, 4000};
        for (int i = 0; i < kills.length; i++) {
            long start = kills[i] * MS;
            long end = start + 1500 * MS;
            faults.add(InjectedFault.stop(String.valueOf(i + 1), "kill", List.of("n2"), start, end));
            suspicions.add(suspicion("n1", start + n1Ms * MS, end));
            if (n3Ms >= 0) {
                suspicions.add(suspicion("n3", start + n3Ms * MS, end));
            }
        }
        return DetectionChecker.create().check(new Timeline(NODES, 0, 10_000 * MS, faults, suspicions, List.of()));
    }

    /** From {@code from} until 50 ms after the fault's end, or for 100 ms if it starts later than that. */
    private static Suspicion suspicion(String observer, long from, long faultEnd) {
        return Suspicion.of(observer, "n2", from, Math.max(faultEnd + 50 * MS, from + 100 * MS));
    }
}
