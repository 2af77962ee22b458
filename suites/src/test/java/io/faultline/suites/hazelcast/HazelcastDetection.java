package io.faultline.suites.hazelcast;

import static io.faultline.harness.RunAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.detection.DetectionReport;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.Nemeses;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.suites.hazelcast.HazelcastConfig.Detector;
import io.faultline.suites.hazelcast.HazelcastSetClient.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One detection measurement of a Hazelcast cluster: the same seeded schedule of pauses and
 * isolations (each 8 s, twice the 4 s heartbeat timeout) for either detector, judged from the
 * members' membership events; the summary line is appended to {@code target/faultline/hazelcast-detection.txt}.
 */
final class HazelcastDetection {
    /** The seed both detectors run with, so that they face the same faults on the same nodes. */
    static final long SEED = 20261206L;

    private HazelcastDetection() {
    }

    static DetectionReport measure(ChaosRun run, Detector detector) throws IOException {
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofSeconds(3))
                .faults(Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(8), Nemeses.pause(), Nemeses.isolateOne())
                .heal()
                .recovery(Duration.ofSeconds(10))
                .build();
        RunResult result = run.execute(HazelcastSetChaosTest.set(Layout.UNIQUE_KEYS).withRate(50), schedule);
        DetectionReport report = assertThat(result).detection().report();
        Path figures = Path.of("target", "faultline", "hazelcast-detection.txt");
        Files.createDirectories(figures.getParent());
        Files.writeString(figures, detector + " (" + run.backend() + ", seed " + run.seed() + "): " + report.summary() + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        assertThat(report.faults()).as("faults injected").hasSize(4);
        assertThat(report.detection().count()).as("suspicions that noticed a fault").isPositive();
        return report;
    }
}
