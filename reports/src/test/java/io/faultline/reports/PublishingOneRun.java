package io.faultline.reports;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * A stand-in for one CI job's chaos tests, run by {@link ReportListenerTest} through the JUnit
 * launcher once per job (its name keeps Surefire from running it on its own).
 */
class PublishingOneRun {
    static volatile Path run;

    @Test
    @Tag("chaos")
    void aChaosTest(TestReporter reporter) {
        reporter.publishEntry(ReportListener.RUN_DIRECTORY, run.toString());
    }
}
