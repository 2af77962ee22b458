package io.faultline.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page as text: self-contained, honest about what it left out, and clear about bad input. */
class ReportPageTest {
    @TempDir
    Path scratch;

    @Test
    void thePageLoadsNothingFromOutside() throws IOException {
        String html = RunReport.html(Fixtures.copy(Fixtures.ZOOKEEPER, scratch));

        assertThat(html).contains("Content-Security-Policy", "default-src 'none'");
        assertThat(html).doesNotContainPattern("<(script|img|link|iframe)[^>]+(src|href)=");
        assertThat(html).doesNotContain("@import", "url(http");
    }

    @Test
    void dataThatLooksLikeMarkupCannotEndTheDataScript() throws IOException {
        Path run = Fixtures.copy(Fixtures.PLANTED_BUG, scratch);
        Files.writeString(run.resolve("history.jsonl"),
                "{\"index\":0,\"time\":1000,\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":\"</script><b>x\"}\n"
                        + "{\"index\":1,\"time\":2000,\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":\"</script><b>x\"}\n");

        String html = RunReport.html(run);

        assertThat(html).contains("<\\/script><b>x").doesNotContain("\"</script><b>x");
    }

    @Test
    void cutLogExcerptsAreSaidToBeTruncated() throws IOException {
        // ZooKeeper logs a lot around every fault: more than the excerpt keeps
        String html = RunReport.html(Fixtures.copy(Fixtures.ZOOKEEPER, scratch));

        assertThat(html).contains("data-faultline=\"truncated\"", "node-log excerpts were cut");
    }

    @Test
    void aShortLogIsNotTruncated() throws IOException {
        String html = RunReport.html(Fixtures.copy(Fixtures.PLANTED_BUG, scratch));

        assertThat(html).doesNotContain("data-faultline=\"truncated\"");
        assertThat(html).contains("href=\"logs/n1.log\"");
    }

    @Test
    void faultWindowsSayHowTheP99Moved() throws IOException {
        String html = RunReport.html(Fixtures.copy(Fixtures.ZOOKEEPER, scratch));

        assertThat(html).containsPattern("p99 [+-]\\d+ ms during (partition-halves|isolate-leader|kill|pause) #\\d");
    }

    /** What Allure 3 shows: a picture with no script, every fault drawn over the nodes it affects. */
    @Test
    void theSummaryPictureIsWellFormedSvgWithoutScript() throws Exception {
        Path run = Fixtures.copy(Fixtures.DETECTION, scratch);
        RunReport.write(run);

        var svg = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(run.resolve(RunReport.SUMMARY_SVG).toFile());

        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("script").getLength()).isZero();
        String text = Files.readString(run.resolve(RunReport.SUMMARY_SVG));
        assertThat(text).contains("linearizability valid", "T_D p50");
        for (int id = 1; id <= Fixtures.faultStarts(run); id++) {
            assertThat(text).contains(">#" + id + "<");
        }
    }

    @Test
    void pastTheCapTheTimelineKeepsTheFirstOperations() throws IOException {
        RunTimeline timeline = new RunTimeline(RunDirectory.read(Fixtures.copy(Fixtures.PLANTED_BUG, scratch)));

        var data = RunDirectory.JSON.readTree(PageData.json(timeline, RunDirectory.JSON.missingNode(), null, null, 10));

        assertThat(timeline.count).isGreaterThan(10);
        assertThat(data.path("ops").path("s").size()).isEqualTo(10);
        assertThat(data.path("ops").path("v").size()).isEqualTo(10);
        assertThat(data.path("tput").path("ok").size()).as("throughput counts every operation").isPositive();
    }

    @Test
    void whatTheRunItselfCheckedIsInTheSummary() throws IOException {
        Path run = Fixtures.copy(Fixtures.PLANTED_BUG, scratch);
        Files.writeString(run.resolve("checks.json"), "{\"name\":\"run\",\"valid\":false,\"summary\":\"1 of 2 failed\",\"parts\":["
                + "{\"name\":\"stats\",\"valid\":true,\"summary\":\"every kind of operation completed ok\"},"
                + "{\"name\":\"faults\",\"valid\":false,\"summary\":\"fault 2 could not be injected\"}]}\n");

        String html = RunReport.html(run);

        assertThat(html).contains("run checks", "stats: <b>true</b> — every kind of operation completed ok",
                "faults: <b>false</b> — fault 2 could not be injected");
    }

    @Test
    void suspicionsRecordedButNotCheckedAreSaidToBeSo() throws IOException {
        String unchecked = RunReport.html(Fixtures.copy(Fixtures.ZOOKEEPER, scratch.resolve("zk")));
        Path none = Fixtures.copy(Fixtures.PLANTED_BUG, scratch.resolve("none"));
        Files.writeString(none.resolve("events.jsonl"), String.join("\n", Files.readAllLines(none.resolve("events.jsonl")).stream()
                .filter(line -> !line.contains("\"suspect\"") && !line.contains("\"unsuspect\"")).toList()) + "\n");
        String measured = RunReport.html(Fixtures.copy(Fixtures.DETECTION, scratch.resolve("detection")));

        assertThat(unchecked).contains("detection: <b>not checked, suspicions drawn</b>");
        assertThat(RunReport.html(none)).contains("detection: <b>not measured</b>");
        assertThat(measured).doesNotContain("detection: <b>not");
    }

    @Test
    void aDirectoryWithoutEventsIsNoRun() throws IOException {
        Path empty = Files.createDirectories(scratch.resolve("empty"));

        assertThatThrownBy(() -> RunReport.write(empty)).isInstanceOf(IOException.class)
                .hasMessageContaining("has no events.jsonl, so it is not a run directory");
    }

    @Test
    void aBrokenResultFileIsNamed() throws IOException {
        Path run = Fixtures.copy(Fixtures.PLANTED_BUG, scratch);
        Files.writeString(run.resolve("result.json"), "{ not json");

        assertThatThrownBy(() -> RunReport.write(run)).isInstanceOf(IOException.class)
                .hasMessageContaining("result.json: not valid JSON");
    }

    @Test
    void aRunWhoseCheckerRanOutOfTimeShowsItsPartialCounterexampleAsUnknown() throws IOException {
        Path run = Fixtures.copy(Fixtures.PLANTED_BUG, scratch);
        String lin = Files.readString(run.resolve("linearizability.json")).replace("\"valid\" : false", "\"valid\" : \"unknown\"");
        Files.writeString(run.resolve("linearizability.json"), lin);

        String html = RunReport.html(run);

        assertThat(html).contains("data-faultline=\"counterexample-unknown\"", "verdict unknown")
                .doesNotContain("data-faultline=\"counterexample\"");
    }
}
