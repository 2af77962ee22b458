package io.faultline.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogExcerptsTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path run;

    @Test
    void aLineStampedWithTheNodesNanoTimeIsPlacedExactlyWhenTheRunRecordedItsOrigin() throws IOException {
        events("{\"time\":0,\"wall\":\"2026-12-06T01:00:00Z\",\"type\":\"phase\",\"phase\":\"boot\",\"origin-nanotime\":5000000000}",
                "{\"time\":" + 100 * MS + ",\"wall\":\"2026-12-06T01:00:00.100Z\",\"type\":\"node-start\",\"node\":\"n1\"}");
        log("n1", "---- faultline: n1 start 1 ----", "ROLE leader nanos=" + (5_000_000_000L + 1500 * MS), "a line without a time");

        LogExcerpts logs = new LogExcerpts(RunDirectory.read(run), 10_000);

        assertThat(logs.estimated()).isFalse();
        assertThat(logs.around(1400 * MS, 1600 * MS, 10)).singleElement().satisfies(e -> {
            assertThat(e.lines()).extracting(LogExcerpts.Line::time).containsExactly(1500 * MS, 1500 * MS);
            assertThat(e.lines().get(1).text()).isEqualTo("a line without a time");
        });
        assertThat(logs.around(0, 1400 * MS, 10)).isEmpty();
    }

    @Test
    void withoutTheOriginNanoTimeLinesAreEstimatedFromTheNodesStartAndSaidToBe() throws IOException {
        events("{\"time\":0,\"wall\":\"2026-12-06T01:00:00Z\",\"type\":\"phase\",\"phase\":\"boot\"}",
                "{\"time\":" + 100 * MS + ",\"wall\":\"2026-12-06T01:00:00.100Z\",\"type\":\"node-start\",\"node\":\"n1\"}");
        log("n1", "---- faultline: n1 start 1 ----", "first nanos=" + 7_000 * MS, "later nanos=" + 9_000 * MS);

        LogExcerpts logs = new LogExcerpts(RunDirectory.read(run), 10_000);

        assertThat(logs.estimated()).isTrue();
        // the first line is taken to be written at the node's start: 100 ms, and the next 2 s later
        assertThat(logs.around(0, 10_000 * MS, 10).get(0).lines()).extracting(LogExcerpts.Line::time)
                .containsExactly(100 * MS, 2100 * MS);
    }

    @Test
    void aLeadingClockTimeIsReadAgainstTheRunsWallClock() throws IOException {
        Instant zero = Instant.parse("2026-12-06T01:00:00Z");
        events("{\"time\":0,\"wall\":\"" + zero + "\",\"type\":\"phase\",\"phase\":\"boot\"}");
        String local = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault()).format(zero.plusMillis(2500));
        log("n1", local + " [main] INFO elected");

        LogExcerpts logs = new LogExcerpts(RunDirectory.read(run), 10_000);

        assertThat(logs.around(2400 * MS, 2600 * MS, 10)).singleElement()
                .satisfies(e -> assertThat(e.lines().get(0).time()).isEqualTo(2500 * MS));
    }

    @Test
    void excerptsStopAtTheBudgetAndSaySo() throws IOException {
        events("{\"time\":0,\"wall\":\"2026-12-06T01:00:00Z\",\"type\":\"phase\",\"phase\":\"boot\",\"origin-nanotime\":0}");
        log("n1", "aaaaaaaaaa nanos=1", "bbbbbbbbbb nanos=2", "cccccccccc nanos=3");

        LogExcerpts logs = new LogExcerpts(RunDirectory.read(run), 25);

        assertThat(logs.around(0, 10, 10).get(0).lines()).hasSize(1);
        assertThat(logs.truncated()).isTrue();
    }

    private void events(String... lines) throws IOException {
        Files.write(run.resolve("events.jsonl"), java.util.List.of(lines));
    }

    private void log(String node, String... lines) throws IOException {
        Files.createDirectories(run.resolve("logs"));
        Files.write(run.resolve("logs").resolve(node + ".log"), java.util.List.of(lines));
    }
}
