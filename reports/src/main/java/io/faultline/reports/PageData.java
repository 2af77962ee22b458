package io.faultline.reports;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The data the page's script draws, as one JSON object kept in the page. Operations go column by
 * column (start and duration in microseconds as integers, outcome, lane, function, value) so that
 * 100,000 of them cost a few megabytes and parse in tens of milliseconds.
 */
final class PageData {
    /** Values longer than this are cut in tooltips: the history file has them whole. */
    private static final int MAX_VALUE = 40;
    /** Points per quantile line and throughput bar series. */
    private static final int BUCKETS = 600;

    private PageData() {
    }

    /**
     * Operations the timeline holds; past this the page would outgrow what a browser opens quickly
     * (about 40 bytes each), so later ones are left out and the page says so.
     */
    static final int MAX_OPS = 1_000_000;

    static String json(RunTimeline t, JsonNode detection, Long failingTime, Integer failingIndex) {
        return json(t, detection, failingTime, failingIndex, MAX_OPS);
    }

    static String json(RunTimeline t, JsonNode detection, Long failingTime, Integer failingIndex, int maxOps) {
        StringBuilder out = new StringBuilder(64 + t.count * 40);
        out.append("{\"end\":").append(micros(t.runEnd()) / 1000.0);
        out.append(",\"workers\":").append(t.workers);
        out.append(",\"nodes\":");
        strings(out, t.nodes);
        ops(out, t, maxOps);
        out.append(",\"faults\":[");
        for (int i = 0; i < t.faults.size(); i++) {
            RunTimeline.Fault f = t.faults.get(i);
            out.append(i == 0 ? "" : ",").append("{\"id\":").append(q(f.id())).append(",\"kind\":").append(q(f.kind()))
                    .append(",\"s\":").append(millis(f.start())).append(",\"e\":").append(millis(f.endOr(t.runEnd())))
                    .append(",\"open\":").append(f.end() == null).append(",\"nodes\":");
            strings(out, f.nodes());
            out.append(",\"label\":").append(q(f.label())).append('}');
        }
        out.append("],\"life\":[");
        for (int i = 0; i < t.lifecycle.size(); i++) {
            RunTimeline.Mark m = t.lifecycle.get(i);
            out.append(i == 0 ? "" : ",").append("{\"t\":").append(millis(m.time())).append(",\"node\":").append(q(m.node()))
                    .append(",\"what\":").append(q(m.what())).append('}');
        }
        out.append("],\"phases\":[");
        for (int i = 0; i < t.phases.size(); i++) {
            RunTimeline.Mark m = t.phases.get(i);
            out.append(i == 0 ? "" : ",").append("{\"t\":").append(millis(m.time())).append(",\"name\":").append(q(m.what())).append('}');
        }
        Set<String> mistakes = new HashSet<>();
        detection.path("mistakes").forEach(m -> mistakes.add(m.path("observer").asText() + ">" + m.path("peer").asText()
                + "@" + m.path("startNs").asLong()));
        out.append("],\"susp\":[");
        for (int i = 0; i < t.suspicions.size(); i++) {
            RunTimeline.Suspicion s = t.suspicions.get(i);
            boolean mistake = mistakes.contains(s.observer() + ">" + s.peer() + "@" + s.start());
            out.append(i == 0 ? "" : ",").append("{\"o\":").append(q(s.observer())).append(",\"p\":").append(q(s.peer()))
                    .append(",\"s\":").append(millis(s.start())).append(",\"e\":")
                    .append(millis(s.end() == null ? t.runEnd() : s.end())).append(",\"m\":").append(mistake).append('}');
        }
        out.append(']');
        series(out, t);
        out.append(",\"failing\":");
        if (failingTime == null) {
            out.append("null");
        } else {
            out.append("{\"t\":").append(millis(failingTime)).append(",\"op\":").append(operationAt(t, failingTime, failingIndex))
                    .append('}');
        }
        return out.append('}').toString();
    }

    /**
     * The operation a counterexample names by a history index, which is its completion's (or, if it
     * never completed, its invocation's): the last invocation at or before that index, among those
     * still running at {@code time}. -1 when none is.
     */
    private static int operationAt(RunTimeline t, long time, Integer historyIndex) {
        if (historyIndex == null) {
            return -1;
        }
        int found = -1;
        for (int i = 0; i < t.count && t.index[i] <= historyIndex; i++) {
            if (t.index[i] == historyIndex || t.start[i] <= time && time <= t.endOf(i) && t.end[i] == time) {
                found = i;
            }
        }
        return found;
    }

    private static void ops(StringBuilder out, RunTimeline t, int maxOps) {
        int shown = Math.min(t.count, maxOps);
        List<String> functions = new java.util.ArrayList<>();
        java.util.Map<String, Integer> fIndex = new java.util.HashMap<>();
        out.append(",\"ops\":{\"s\":[");
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : ",").append(micros(t.start[i]));
        }
        out.append("],\"d\":[");
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : ",").append(t.end[i] == RunTimeline.OPEN ? -1 : micros(t.end[i] - t.start[i]));
        }
        out.append("],\"k\":[");
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : ",").append(t.type[i]);
        }
        out.append("],\"p\":[");
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : ",").append(t.process[i]);
        }
        out.append("],\"i\":[");
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : ",").append(t.index[i]);
        }
        out.append("],\"f\":[");
        for (int i = 0; i < shown; i++) {
            Integer at = fIndex.get(t.f[i]);
            if (at == null) {
                at = functions.size();
                functions.add(t.f[i]);
                fIndex.put(t.f[i], at);
            }
            out.append(i == 0 ? "" : ",").append(at);
        }
        out.append("],\"v\":[");
        for (int i = 0; i < shown; i++) {
            String v = t.value[i];
            out.append(i == 0 ? "" : ",").append(q(v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) + "…" : v));
        }
        out.append("],\"fn\":");
        strings(out, functions);
        out.append('}');
    }

    /** Latency quantiles of successful operations, and throughput per outcome, per time bucket. */
    private static void series(StringBuilder out, RunTimeline t) {
        long width = Math.max(100_000_000L, t.runEnd() / BUCKETS + 1);
        int buckets = (int) (t.runEnd() / width) + 1;
        long[][] latencies = new long[buckets][];
        int[] filled = new int[buckets];
        int[][] counts = new int[3][buckets];
        for (int i = 0; i < t.count; i++) {
            // throughput counts completions; latency belongs to when the operation was invoked, as the
            // raw scatter draws it
            counts[t.type[i]][(int) Math.min(buckets - 1, t.endOf(i) / width)]++;
            int b = (int) Math.min(buckets - 1, t.start[i] / width);
            if (t.type[i] == RunTimeline.OK) {
                if (latencies[b] == null) {
                    latencies[b] = new long[16];
                } else if (filled[b] == latencies[b].length) {
                    latencies[b] = java.util.Arrays.copyOf(latencies[b], filled[b] * 2);
                }
                latencies[b][filled[b]++] = t.end[i] - t.start[i];
            }
        }
        out.append(",\"bucket\":").append(millis(width));
        double[] qs = {0.5, 0.95, 0.99};
        String[] names = {"p50", "p95", "p99"};
        out.append(",\"lat\":{");
        for (int qi = 0; qi < qs.length; qi++) {
            out.append(qi == 0 ? "" : ",").append('"').append(names[qi]).append("\":[");
            for (int b = 0; b < buckets; b++) {
                out.append(b == 0 ? "" : ",");
                if (filled[b] == 0) {
                    out.append("null");
                } else {
                    out.append(millis(new Percentiles(latencies[b], filled[b]).at(qs[qi])));
                }
            }
            out.append(']');
        }
        out.append("},\"tput\":{");
        String[] outcomes = {"ok", "fail", "info"};
        double perSecond = 1e9 / width;
        for (int k = 0; k < 3; k++) {
            out.append(k == 0 ? "" : ",").append('"').append(outcomes[k]).append("\":[");
            for (int b = 0; b < buckets; b++) {
                out.append(b == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", counts[k][b] * perSecond));
            }
            out.append(']');
        }
        out.append('}');
    }

    private static long micros(long nanos) {
        return nanos / 1000;
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static void strings(StringBuilder out, List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ",").append(q(values.get(i)));
        }
        out.append(']');
    }

    static String q(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s == null ? "" : s)) + '"';
    }
}
