package io.faultline.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reports of three real runs, and of a run of 100,000 operations, opened in headless Chromium
 * from {@code file://}: no console message, no request, every part of the data contract present,
 * one {@code fault} element per injected fault, and a counterexample exactly for the invalid run.
 */
class ReportInChromiumTest {
    private static final List<String> PARTS =
            List.of("summary", "timeline", "latency", "throughput", "fault-windows", "detection", "logs");

    @TempDir
    Path scratch;

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.ZOOKEEPER, Fixtures.DETECTION, Fixtures.PLANTED_BUG})
    void aRealRunsReportOpensCleanlyWithEveryPart(String fixture) throws Exception {
        Path run = Fixtures.copy(fixture, scratch);
        Path report = RunReport.write(run);

        Chromium.Page page = Chromium.open(report, scratch);

        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.requests()).as("requests the page made").isEmpty();
        assertThat(page.attribute("data-faultline-errors")).as("script errors").isNull();
        assertThat(page.attribute("data-faultline-ready")).as("the script ran to its end").isNotNull();
        for (String part : PARTS) {
            assertThat(page.count(part)).as("elements data-faultline=%s", part).isEqualTo(1);
        }
        assertThat(page.count("fault")).as("fault elements").isEqualTo(Fixtures.faultStarts(run)).isPositive();
        assertThat(page.count("counterexample")).as("counterexample elements")
                .isEqualTo(fixture.equals(Fixtures.PLANTED_BUG) ? 1 : 0);
        assertThat(page.dom()).contains("<canvas id=\"tl\"");
    }

    /** As Allure 2 shows an HTML attachment: in an iframe sandboxed to scripts only (no same origin, no requests). */
    @Test
    void theReportDrawsInsideASandboxedIframe() throws Exception {
        Path run = Fixtures.copy(Fixtures.PLANTED_BUG, scratch);
        RunReport.write(run);
        Path host = run.resolve("allure-like.html");
        Files.writeString(host, "<!DOCTYPE html><html><body><p id=\"said\">nothing yet</p>"
                + "<iframe sandbox=\"allow-scripts\" src=\"report.html\" width=\"1200\" height=\"800\"></iframe><script>"
                + "window.addEventListener('message', function (e) { document.getElementById('said').textContent ="
                + " 'report says ' + e.data.faultline + ' with ' + e.data.errors + ' errors'; });</script></body></html>");

        Chromium.Page page = Chromium.open(host, scratch);

        assertThat(page.dom()).contains("report says ready with 0 errors");
        assertThat(page.console()).isEmpty();
        assertThat(page.requests()).as("only the frame's own file").allSatisfy(url -> assertThat(url).startsWith("file:"));
    }

    /** The checks above would catch a page that logs, fails or reaches out: this one does all three. */
    @Test
    void aPageThatLogsOrRequestsIsCaught() throws Exception {
        Path page = scratch.resolve("leaky.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/pixel.png\">"
                + "<script>console.error('leaky page'); fetch('http://127.0.0.1:9/data.json').catch(function () {});</script>"
                + "</body></html>");

        Chromium.Page opened = Chromium.open(page, scratch);

        assertThat(opened.console()).anySatisfy(line -> assertThat(line).contains("leaky page"));
        assertThat(opened.requests()).anySatisfy(url -> assertThat(url).startsWith("http://127.0.0.1:9/"));
    }

    @Test
    void theInvalidRunsCounterexampleShowsPrefixesStatesAndTheFaultsThen() throws Exception {
        Path run = Fixtures.copy(Fixtures.PLANTED_BUG, scratch);
        Chromium.Page page = Chromium.open(RunReport.write(run), scratch);

        String counterexample = page.withoutScripts().replaceAll("(?s).*data-faultline=\"counterexample\"", "");
        assertThat(counterexample).contains("Longest linearizable prefixes", "model state after", "jump to it in the timeline",
                "Faults active then", "isolate-leader-then-kill");
        assertThat(page.withoutScripts()).contains("±2 s around the failing op");
    }

    @Test
    void theDetectionRunDrawsEveryFaultsPathAndTheDistribution() throws Exception {
        Path run = Fixtures.copy(Fixtures.DETECTION, scratch);
        Chromium.Page page = Chromium.open(RunReport.write(run), scratch);

        String detection = page.withoutScripts().replaceAll("(?s).*data-faultline=\"detection\"", "")
                .replaceAll("(?s)data-faultline=\"logs\".*", "");
        assertThat(detection).contains("T_D p50", "T_MR", "P_A", "T_D distribution", "first ok op", "full membership");
        assertThat(detection.split("<tr>").length - 2).as("table rows, one per fault, plus the figures row")
                .isGreaterThanOrEqualTo((int) Fixtures.faultStarts(run));
    }

    @Test
    void aHundredThousandOperationsAndAHundredFaultsRenderIntoAnInteractivePageUnderTenMegabytes() throws Exception {
        Path run = ScaleRun.write(scratch.resolve("scale"));
        Path report = RunReport.write(run);

        assertThat(Files.size(report)).as("report size").isLessThan(10L << 20);
        Chromium.Page page = Chromium.open(report, scratch);
        assertThat(page.console()).isEmpty();
        assertThat(page.attribute("data-faultline-errors")).isNull();
        assertThat(page.attribute("data-faultline-ready")).isNotNull();
        assertThat(page.count("fault")).isEqualTo(ScaleRun.FAULTS);
        assertThat(page.withoutScripts()).contains(ScaleRun.OPS + " (");
    }
}
