package io.faultline.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementTablesTest {
    @TempDir
    Path scratch;

    @Test
    void aRunsMarkdownTablesAppearInItsReport() throws IOException {
        Path run = Fixtures.copy(Fixtures.PLANTED_BUG, scratch);
        Files.createDirectories(run.resolve(MeasurementTables.DIRECTORY));
        Files.writeString(run.resolve(MeasurementTables.DIRECTORY).resolve("recovery-matrix.md"), """
                # Recovery matrix of this run

                | recovery | fault | faults | new leader after: p50 |
                |---|---|--:|--:|
                | hybrid | kill-leader | 1 | 812 ms [812–812] (n=1) |

                Load average 3.1 / 2.0 / 1.5 when the run ended.
                """);

        String html = RunReport.html(run);

        assertThat(html).contains("<section id=\"measurements\"", "<h3>Recovery matrix of this run</h3>",
                "<th>new leader after: p50</th>", "<td>812 ms [812–812] (n=1)</td>",
                "<p>Load average 3.1 / 2.0 / 1.5 when the run ended.</p>");
        assertThat(html).doesNotContain("<td>---</td>", "<td>--:</td>");
    }

    @Test
    void aRunWithoutTablesHasNoMeasurementsSection() throws IOException {
        String html = RunReport.html(Fixtures.copy(Fixtures.PLANTED_BUG, scratch));
        assertThat(html).doesNotContain("id=\"measurements\"");
    }

    @Test
    void markupInATableIsEscaped() {
        StringBuilder out = new StringBuilder();
        MeasurementTables.table(out, "x.md", List.of("| a |", "|---|", "| <script>alert(1)</script> |"));
        assertThat(out.toString()).contains("&lt;script&gt;").doesNotContain("<script>");
    }
}
