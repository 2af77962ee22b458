package io.faultline.reports;

import static io.faultline.reports.Html.esc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tables a test measured from its run and left in the run directory as Markdown, one file each in
 * {@code tables/} (a recovery matrix's cells, a detection matrix's rows): drawn as HTML tables, in
 * file-name order, each under its file's {@code # } heading. Only what such a table needs is read:
 * a heading, pipe-table rows (the {@code |---|} row is dropped) and plain lines as paragraphs.
 */
final class MeasurementTables {
    /** The directory of a run directory that holds them. */
    static final String DIRECTORY = "tables";

    private MeasurementTables() {
    }

    /**
     * Appends the section, or nothing when the run left no tables. A table that cannot be read is
     * named in the section instead: the page shows the run's files, and one unreadable file must not
     * cost the rest of the report.
     */
    static void write(StringBuilder out, Path runDirectory) {
        Path dir = runDirectory.resolve(DIRECTORY);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            files = List.of();
        }
        if (files.isEmpty()) {
            return;
        }
        out.append("<section id=\"measurements\" data-faultline=\"measurements\"><h2>Measurements</h2>");
        for (Path file : files) {
            try {
                table(out, file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("<p class=\"muted\">").append(esc(DIRECTORY + "/" + file.getFileName() + " could not be read: " + e))
                        .append("</p>");
            }
        }
        out.append("</section>");
    }

    static void table(StringBuilder out, String name, List<String> lines) {
        String title = lines.stream().filter(l -> l.startsWith("# ")).findFirst().map(l -> l.substring(2)).orElse(name);
        out.append("<h3>").append(esc(title)).append("</h3>");
        boolean inTable = false;
        boolean header = true;
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("|")) {
                if (!inTable) {
                    out.append("<table class=\"figures\">");
                    inTable = true;
                    header = true;
                }
                if (trimmed.matches("\\|[\\s:|-]+\\|")) {
                    continue;
                }
                String tag = header ? "th" : "td";
                out.append("<tr>");
                for (String cell : cells(trimmed)) {
                    out.append('<').append(tag).append('>').append(esc(cell)).append("</").append(tag).append('>');
                }
                out.append("</tr>");
                header = false;
                continue;
            }
            if (inTable) {
                out.append("</table>");
                inTable = false;
            }
            if (!trimmed.isEmpty() && !trimmed.startsWith("# ")) {
                out.append("<p>").append(esc(trimmed)).append("</p>");
            }
        }
        if (inTable) {
            out.append("</table>");
        }
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") && row.length() > 1 ? row.length() - 1 : row.length());
        return Stream.of(inner.split("\\|", -1)).map(String::trim).toList();
    }
}
