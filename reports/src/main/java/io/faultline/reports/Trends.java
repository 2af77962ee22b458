package io.faultline.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures across builds: {@code faultline-history.jsonl}, one line per test per build, appended at
 * the end of each build and never rewritten except to drop its oldest lines once it passes its size
 * cap. Its location is configurable ({@code faultline.trends}), so that CI can cache it between
 * builds. A figure is flagged as a regression when it lies more than 3 median absolute deviations
 * above the median of the same test's last 20 builds.
 */
public final class Trends {
    public static final String FILE = "faultline-history.jsonl";
    /** Builds a sparkline shows, and a regression is judged against. */
    static final int WINDOW = 20;
    /** Earlier builds needed before a figure can be called a regression. */
    static final int MIN_BUILDS = 5;
    /** Default cap: about 10,000 test-builds. */
    public static final long DEFAULT_CAP = 4L << 20;

    /** Figures the index draws, each a member of a line: name, what it means, whether more is worse. */
    static final List<String[]> FIGURES = List.of(
            new String[] {"tdP99Ms", "p99 T_D (ms)"},
            new String[] {"mistakes", "detection mistakes"},
            new String[] {"p99LatencyMs", "p99 latency (ms)"},
            new String[] {"durationMs", "duration (ms)"});

    private final Path file;
    private final long cap;
    private final List<JsonNode> lines;

    private Trends(Path file, long cap, List<JsonNode> lines) {
        this.file = file;
        this.cap = cap;
        this.lines = lines;
    }

    /** The history at {@code file}, empty if it does not exist yet. Lines that do not parse are skipped. */
    public static Trends open(Path file, long cap) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        lines.add(RunDirectory.JSON.readTree(line));
                    } catch (IOException e) {
                        // a torn line from a build killed mid-append: the others still count
                    }
                }
            }
        }
        return new Trends(file, cap, lines);
    }

    public Path file() {
        return file;
    }

    /** One build's line for a run: test, target, backend, verdicts and figures, per fault kind too. */
    static ObjectNode line(String build, RunDirectory run) {
        RunTimeline t = new RunTimeline(run);
        ObjectNode line = RunDirectory.JSON.createObjectNode();
        line.put("build", build);
        line.put("test", run.test());
        line.put("target", run.target());
        line.put("backend", run.backend());
        line.put("status", run.status());
        line.put("linearizable", run.linearizability().path("valid").asText("not checked"));
        line.put("ops", t.count);
        line.put("faults", t.faults.size());
        line.put("durationMs", Math.round(t.runEnd() / 1e6));
        JsonNode detection = run.detection();
        putNumber(line, "tdP50Ms", detection.path("detection").path("p50Ms"));
        putNumber(line, "tdP99Ms", detection.path("detection").path("p99Ms"));
        if (!detection.isMissingNode()) {
            line.put("mistakes", detection.path("accuracy").path("mistakes").asInt());
        }
        FaultWindows.Window all = FaultWindows.window(t, 0, Long.MAX_VALUE);
        if (all.p99() >= 0) {
            line.put("p99LatencyMs", Math.round(all.p99() / 1e5) / 10.0);
        }
        ObjectNode kinds = line.putObject("kinds");
        Map<String, long[]> worstP99 = new HashMap<>();
        Map<String, Double> worstAvailability = new HashMap<>();
        for (FaultWindows.Row row : FaultWindows.of(t)) {
            String kind = row.fault().kind();
            worstP99.merge(kind, new long[] {row.during().p99(), 1}, (a, b) -> new long[] {Math.max(a[0], b[0]), a[1] + b[1]});
            double availability = row.during().availability();
            if (availability >= 0) {
                worstAvailability.merge(kind, availability, Math::min);
            }
        }
        worstP99.forEach((kind, v) -> {
            ObjectNode k = kinds.putObject(kind);
            k.put("count", v[1]);
            if (v[0] >= 0) {
                k.put("p99LatencyDuringMs", Math.round(v[0] / 1e5) / 10.0);
            }
            if (worstAvailability.containsKey(kind)) {
                k.put("availabilityDuring", Math.round(worstAvailability.get(kind) * 1e4) / 1e4);
            }
            putNumber(k, "tdP99Ms", detection.path("detectionByKind").path(kind).path("p99Ms"));
        });
        return line;
    }

    private static void putNumber(ObjectNode line, String name, JsonNode value) {
        if (value.isNumber()) {
            line.put(name, Math.round(value.asDouble() * 10) / 10.0);
        }
    }

    /** Appends a build's lines, then drops the oldest lines if the file has grown past its cap. */
    void append(List<ObjectNode> build) throws IOException {
        if (build.isEmpty()) {
            return;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder text = new StringBuilder();
        for (ObjectNode line : build) {
            text.append(line.toString()).append('\n');
            lines.add(line);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (Files.size(file) > cap) {
            List<String> kept = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            long size = Files.size(file);
            // keep the newest lines within three quarters of the cap, so that trimming is rare
            while (!kept.isEmpty() && size > cap * 3 / 4) {
                size -= kept.remove(0).getBytes(StandardCharsets.UTF_8).length + 1;
            }
            RunReport.writeAtomically(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
            lines.subList(0, Math.max(0, lines.size() - kept.size())).clear();
        }
    }

    /** Per fault kind, the figures a line records under {@code kinds}: name and what it means. */
    static final List<String[]> KIND_FIGURES = List.of(
            new String[] {"tdP99Ms", "p99 T_D (ms)"},
            new String[] {"p99LatencyDuringMs", "p99 latency during (ms)"},
            new String[] {"availabilityDuring", "availability during"});

    /** The fault kinds the test's latest line records. */
    List<String> kinds(String test) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).path("test").asText().equals(test)) {
                List<String> kinds = new ArrayList<>();
                lines.get(i).path("kinds").fieldNames().forEachRemaining(kinds::add);
                kinds.sort(null);
                return kinds;
            }
        }
        return List.of();
    }

    /** A figure of one fault kind in a test, over its last builds, oldest first. */
    double[] series(String test, String kind, String figure) {
        List<Double> values = new ArrayList<>();
        for (JsonNode line : lines) {
            JsonNode value = line.path("kinds").path(kind).path(figure);
            if (line.path("test").asText().equals(test) && value.isNumber()) {
                values.add(value.asDouble());
            }
        }
        int from = Math.max(0, values.size() - WINDOW - 1);
        return values.subList(from, values.size()).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A figure of a test over its last builds, oldest first (at most {@link #WINDOW} + 1, the last being this build's). */
    double[] series(String test, String figure) {
        List<Double> values = new ArrayList<>();
        for (JsonNode line : lines) {
            if (line.path("test").asText().equals(test) && line.path(figure).isNumber()) {
                values.add(line.path(figure).asDouble());
            }
        }
        int from = Math.max(0, values.size() - WINDOW - 1);
        return values.subList(from, values.size()).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Whether the last value of {@code series} lies more than 3 MADs above the median of the values
     * before it. A MAD of 0 (every earlier build alike) is taken as 1 % of the median, at least 1, so
     * that any real rise is not flagged by noise-free history alone.
     */
    static boolean regressed(double[] series) {
        if (series.length < MIN_BUILDS + 1) {
            return false;
        }
        double[] before = Arrays.copyOfRange(series, Math.max(0, series.length - 1 - WINDOW), series.length - 1);
        double median = median(before);
        double[] deviations = Arrays.stream(before).map(v -> Math.abs(v - median)).toArray();
        double mad = Math.max(median(deviations), Math.max(1, Math.abs(median) * 0.01));
        return series[series.length - 1] > median + 3 * mad;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
