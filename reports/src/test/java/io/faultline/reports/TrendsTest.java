package io.faultline.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendsTest {
    @TempDir
    Path scratch;

    @Test
    void aFigureFarAboveTheRecentMedianIsARegression() {
        assertThat(Trends.regressed(new double[] {530, 540, 520, 535, 528, 531, 900})).isTrue();
    }

    @Test
    void ordinaryNoiseIsNot() {
        assertThat(Trends.regressed(new double[] {530, 560, 500, 535, 528, 531, 545})).isFalse();
    }

    @Test
    void tooFewBuildsJudgeNothing() {
        assertThat(Trends.regressed(new double[] {1, 1, 1, 1000})).isFalse();
    }

    @Test
    void aMistakeWhereThereWereNoneIsFlaggedOnlyBeyondTheFloor() {
        assertThat(Trends.regressed(new double[] {0, 0, 0, 0, 0, 0, 1})).isFalse();
        assertThat(Trends.regressed(new double[] {0, 0, 0, 0, 0, 0, 4})).isTrue();
    }

    @Test
    void eachBuildAppendsALinePerRunWithFiguresPerFaultKind() throws IOException {
        RunDirectory run = RunDirectory.read(Fixtures.copy(Fixtures.DETECTION, scratch));
        Trends trends = Trends.open(scratch.resolve("h.jsonl"), Trends.DEFAULT_CAP);

        trends.append(List.of(Trends.line("b1", run)));
        trends.append(List.of(Trends.line("b2", run)));

        List<String> lines = Files.readAllLines(scratch.resolve("h.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("\"build\":\"b2\"", "\"tdP99Ms\":", "\"kinds\":{", "\"kill\":{");
        assertThat(trends.series(run.test(), "tdP99Ms")).hasSize(2);
    }

    @Test
    void pastItsCapTheOldestLinesGo() throws IOException {
        RunDirectory run = RunDirectory.read(Fixtures.copy(Fixtures.PLANTED_BUG, scratch));
        Trends trends = Trends.open(scratch.resolve("h.jsonl"), 4_000);
        List<ObjectNode> build = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            build.clear();
            build.add(Trends.line("build-" + i, run));
            trends.append(build);
        }

        assertThat(Files.size(scratch.resolve("h.jsonl"))).isLessThanOrEqualTo(4_000);
        List<String> lines = Files.readAllLines(scratch.resolve("h.jsonl"));
        assertThat(lines.get(lines.size() - 1)).contains("build-39");
        assertThat(lines.get(0)).doesNotContain("\"build-0\"");
        assertThat(Trends.open(scratch.resolve("h.jsonl"), 4_000).series(run.test(), "durationMs")).hasSize(lines.size());
    }

    @Test
    void theIndexFlagsARegressionAgainstEarlierBuilds() throws IOException {
        Path runDir = Fixtures.copy(Fixtures.DETECTION, scratch);
        RunDirectory run = RunDirectory.read(runDir);
        Path file = scratch.resolve("h.jsonl");
        StringBuilder earlier = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            // earlier builds of the same test noticed faults within ~100 ms at p99
            earlier.append("{\"build\":\"old-").append(i).append("\",\"test\":\"").append(run.test().replace("$", "$"))
                    .append("\",\"tdP99Ms\":").append(100 + i % 3).append(",\"mistakes\":0,\"durationMs\":20000}\n");
        }
        Files.writeString(file, earlier);

        BuildIndex.write(scratch.resolve("index.html"), List.of(runDir), Trends.open(file, Trends.DEFAULT_CAP));

        String index = Files.readString(scratch.resolve("index.html"));
        assertThat(index).contains("data-faultline=\"regression\"", "▲ regression", "<svg class=\"spark\"");
        assertThat(index).contains("By fault kind", "<td>kill</td>", "<td>isolate</td>", "<td>pause</td>");
    }
}
