package io.faultline.reports;

import static io.faultline.reports.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The build's {@code index.html}: every run in the run directory tree in one table (test, target, backend,
 * verdicts, operations, faults, p99 T_D, duration) linking each {@code report.html}, and, given the
 * trends file, a sparkline of each figure over the test's last 20 builds with regressions flagged.
 */
public final class BuildIndex {
    public static final String FILE = "index.html";

    private BuildIndex() {
    }

    /** {@code dir} itself if it is a run directory, else the run directories below it, in path order. */
    public static List<Path> runDirectories(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("events.jsonl"))) {
            return List.of(dir);
        }
        try (Stream<Path> files = Files.walk(dir, 8)) {
            return files.filter(p -> p.getFileName().toString().equals("events.jsonl"))
                    .map(Path::getParent)
                    // a node's own data directory is never a run, even if a target wrote such a file
                    .filter(p -> !p.toString().contains("/nodes/"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Writes the index of {@code runs} to {@code indexFile}. With {@code trends}, appends their lines
     * to it first and draws each test's last builds; null leaves trends out.
     *
     * @return the lines appended to the trends, one per run that could be read
     */
    public static List<ObjectNode> write(Path indexFile, List<Path> runs, Trends trends) throws IOException {
        return write(indexFile, runs, trends, runs);
    }

    /**
     * As {@link #write(Path, List, Trends)}, but only the runs in {@code newRuns} (this build's) add
     * lines to the trends; the others were appended by the build that made them, and are listed and
     * drawn as they are. Re-rendering an index passes no new runs.
     *
     * @return the lines appended to the trends
     */
    public static List<ObjectNode> write(Path indexFile, List<Path> runs, Trends trends, Collection<Path> newRuns) throws IOException {
        String build = Instant.now().toString();
        Set<Path> fresh = new HashSet<>();
        newRuns.forEach(r -> fresh.add(r.toAbsolutePath().normalize()));
        List<RunDirectory> read = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Path run : runs) {
            try {
                read.add(RunDirectory.read(run));
            } catch (IOException | RuntimeException e) {
                unreadable.add(run + ": " + e.getMessage());
            }
        }
        List<ObjectNode> lines = new ArrayList<>();
        List<ObjectNode> appended = new ArrayList<>();
        for (RunDirectory run : read) {
            ObjectNode line = Trends.line(build, run);
            lines.add(line);
            if (fresh.contains(run.path().toAbsolutePath().normalize())) {
                appended.add(line);
            }
        }
        if (trends != null) {
            trends.append(appended);
        }
        Path base = indexFile.toAbsolutePath().getParent();
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
                .append("<title>Faultline: runs</title><style>").append(ReportPage.resource("report.css"))
                .append(".spark{vertical-align:middle}.regressed{background:#fbe9dc;font-weight:600}"
                        + "td.test{max-width:380px;word-break:break-all;text-align:left}</style></head><body>")
                .append("<header><h1>Faultline: ").append(read.size()).append(" runs</h1></header>")
                .append("<p class=\"muted\">Written ").append(esc(build)).append(" in <code>").append(esc(base)).append("</code>; the build that wrote it made ")
                .append(appended.size()).append(" of them.")
                .append(trends == null ? "" : " Trends from <code>" + esc(trends.file().toAbsolutePath()) + "</code>.")
                .append("</p><section data-faultline=\"index\"><table class=\"rows\"><tr><th>test</th><th>target</th>")
                .append("<th>backend</th><th>test status</th><th>linearizable</th><th>detection</th><th>ops</th><th>faults</th>")
                .append("<th>p99 T_D</th><th>duration</th><th>report</th></tr>");
        for (int i = 0; i < read.size(); i++) {
            RunDirectory run = read.get(i);
            ObjectNode line = lines.get(i);
            Path report = run.path().resolve(RunReport.FILE).toAbsolutePath();
            String link = base.relativize(report).toString().replace('\\', '/');
            JsonNode detection = run.detection();
            boolean rendered = Files.isRegularFile(report);
            out.append("<tr data-run=\"").append(esc(run.test())).append("\"><td class=\"test\">")
                    .append(rendered ? "<a href=\"" + esc(link) + "\">" + esc(run.shortTest()) + "</a>" : esc(run.shortTest()))
                    .append("</td><td>")
                    .append(esc(run.target())).append("</td><td>").append(esc(run.backend())).append("</td><td class=\"")
                    .append(run.status().equals("failed") ? "regressed" : "").append("\">").append(esc(run.status()))
                    .append("</td><td>").append(esc(line.path("linearizable").asText())).append("</td><td>")
                    .append(detection.isMissingNode() ? "–" : esc(detection.path("detection").path("count").asText() + " noticed, "
                            + detection.path("detection").path("undetected").asText() + " missed, "
                            + detection.path("accuracy").path("mistakes").asText() + " mistakes"))
                    .append("</td><td>").append(line.path("ops").asInt()).append("</td><td>").append(line.path("faults").asInt())
                    .append("</td><td>").append(line.path("tdP99Ms").isNumber() ? esc(Html.ms(line.path("tdP99Ms").asDouble())) : "–")
                    .append("</td><td>").append(esc(Html.ms(line.path("durationMs").asDouble()))).append("</td><td>")
                    .append(rendered ? "<a href=\"" + esc(link) + "\">report.html</a>" : "not rendered")
                    .append("</td></tr>");
        }
        out.append("</table>");
        if (!unreadable.isEmpty()) {
            out.append("<p>Runs that could not be read:</p><ul>");
            unreadable.forEach(u -> out.append("<li><code>").append(esc(u)).append("</code></li>"));
            out.append("</ul>");
        }
        out.append("</section>");
        if (trends != null) {
            trendsSection(out, read, trends);
        }
        out.append("</body></html>\n");
        RunReport.writeAtomically(indexFile, out.toString());
        return appended;
    }

    private static void trendsSection(StringBuilder out, List<RunDirectory> runs, Trends trends) {
        out.append("<section data-faultline=\"trends\"><h2>Trends over the last ").append(Trends.WINDOW)
                .append(" builds</h2><p class=\"muted\">A figure is flagged when it is more than 3 median absolute deviations ")
                .append("above the median of the test's previous builds (from ").append(Trends.MIN_BUILDS)
                .append(" builds on).</p><table class=\"rows\"><tr><th>test</th>");
        Trends.FIGURES.forEach(f -> out.append("<th>").append(esc(f[1])).append("</th>"));
        out.append("</tr>");
        List<String> seen = new ArrayList<>();
        for (RunDirectory run : runs) {
            if (seen.contains(run.test())) {
                continue;
            }
            seen.add(run.test());
            out.append("<tr><td>").append(esc(run.shortTest())).append("</td>");
            for (String[] figure : Trends.FIGURES) {
                double[] series = trends.series(run.test(), figure[0]);
                trendCell(out, series, Trends.regressed(series), String.format(Locale.ROOT, "%,.0f", last(series)));
            }
            out.append("</tr>");
        }
        out.append("</table>");
        kindsTable(out, seen, runs, trends);
        out.append("</section>");
    }

    /** Per test and fault kind: p99 T_D, p99 latency and availability during faults of that kind. */
    private static void kindsTable(StringBuilder out, List<String> tests, List<RunDirectory> runs, Trends trends) {
        out.append("<h3>By fault kind</h3><table class=\"rows\"><tr><th>test</th><th>fault kind</th>");
        Trends.KIND_FIGURES.forEach(f -> out.append("<th>").append(esc(f[1])).append("</th>"));
        out.append("</tr>");
        for (String test : tests) {
            String shortName = runs.stream().filter(r -> r.test().equals(test)).findFirst().map(RunDirectory::shortTest).orElse(test);
            for (String kind : trends.kinds(test)) {
                out.append("<tr><td>").append(esc(shortName)).append("</td><td>").append(esc(kind)).append("</td>");
                for (String[] figure : Trends.KIND_FIGURES) {
                    double[] series = trends.series(test, kind, figure[0]);
                    // lower availability is worse: judge its shortfall, so that "above the median" means worse
                    boolean lowerIsWorse = figure[0].startsWith("availability");
                    boolean regressed = Trends.regressed(lowerIsWorse ? java.util.Arrays.stream(series).map(v -> -v * 100).toArray() : series);
                    trendCell(out, series, regressed,
                            lowerIsWorse ? Html.percent(last(series)) : String.format(Locale.ROOT, "%,.0f", last(series)));
                }
                out.append("</tr>");
            }
        }
        out.append("</table>");
    }

    /** A figure's cell: its sparkline and latest value ({@code latest}), flagged if it regressed; a dash without builds. */
    private static void trendCell(StringBuilder out, double[] series, boolean regressed, String latest) {
        out.append("<td class=\"").append(regressed ? "regressed" : "").append("\"")
                .append(regressed ? " data-faultline=\"regression\"" : "").append('>');
        if (series.length == 0) {
            out.append("–");
        } else {
            sparkline(out, series);
            out.append(' ').append(latest).append(regressed ? " ▲ regression" : "");
        }
        out.append("</td>");
    }

    private static double last(double[] series) {
        return series.length == 0 ? Double.NaN : series[series.length - 1];
    }

    private static void sparkline(StringBuilder out, double[] series) {
        int width = 100;
        int height = 20;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : series) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max > min ? max - min : 1;
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < series.length; i++) {
            double x = series.length == 1 ? width / 2.0 : i * (width - 4) / (double) (series.length - 1) + 2;
            double y = height - 3 - (series[i] - min) / range * (height - 6);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        String last = points.toString().trim();
        last = last.substring(last.lastIndexOf(' ') + 1);
        String[] xy = last.split(",");
        out.append("<svg class=\"spark\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\"><polyline fill=\"none\" stroke=\"#0072B2\" ")
                .append("stroke-width=\"1.5\" points=\"").append(points.toString().trim()).append("\"/><circle cx=\"").append(xy[0])
                .append("\" cy=\"").append(xy[1]).append("\" r=\"2.5\" fill=\"#D55E00\"/></svg>");
    }
}
