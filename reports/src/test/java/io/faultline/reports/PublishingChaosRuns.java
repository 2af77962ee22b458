package io.faultline.reports;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Stand-ins for chaos tests, run by {@link ReportListenerTest} through the JUnit launcher (their
 * name keeps Surefire from running them on their own): each publishes a run directory the way the
 * harness does, under the report entry {@value ReportListener#RUN_DIRECTORY}.
 */
class PublishingChaosRuns {
    static volatile Path plantedBug;
    static volatile Path broken;

    @Test
    @Tag("chaos")
    void plantedBugIsCaught(TestReporter reporter) {
        reporter.publishEntry(ReportListener.RUN_DIRECTORY, plantedBug.toString());
    }

    @Test
    @Tag("chaos")
    void aRunWhoseFilesAreBroken(TestReporter reporter) {
        reporter.publishEntry(ReportListener.RUN_DIRECTORY, broken.toString());
    }
}
