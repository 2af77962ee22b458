package io.faultline.reports;

import static io.faultline.reports.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;

/**
 * A static picture of a run, without script: node lanes with fault bands, throughput by outcome,
 * p50 / p99 latency, and the verdicts and detection figures as text. What Allure 3 (which strips
 * scripts from HTML attachments) and any image viewer can show.
 */
final class SvgSummary {
    private static final int WIDTH = 960;
    private static final int LEFT = 90;
    private static final int BUCKETS = 240;

    private SvgSummary() {
    }

    static String svg(RunDirectory run, RunTimeline t) {
        int laneHeight = 16;
        int lanesTop = 58;
        int lanesBottom = lanesTop + Math.max(1, t.nodes.size()) * laneHeight;
        int tputTop = lanesBottom + 24;
        int tputBottom = tputTop + 70;
        int latTop = tputBottom + 24;
        int latBottom = latTop + 90;
        int height = latBottom + 40;
        double end = Math.max(1, t.runEnd());
        double scale = (WIDTH - LEFT - 10) / end;
        StringBuilder out = new StringBuilder(32_000);
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        JsonNode lin = run.linearizability();
        String verdict = lin.isMissingNode() ? "not checked" : switch (lin.path("valid").asText()) {
            case "true" -> "valid";
            case "false" -> "INVALID";
            default -> "unknown";
        };
        text(out, 8, 18, esc(run.shortTest()), "font-size=\"14\" font-weight=\"bold\"");
        text(out, 8, 36, esc("test " + run.status() + " · linearizability " + verdict + " · seed " + run.seed().orElse("?") + " · "
                + run.backend() + " · " + t.count + " ops · " + t.faults.size() + " faults"), "");
        JsonNode detection = run.detection();
        if (!detection.isMissingNode()) {
            JsonNode d = detection.path("detection");
            text(out, 8, 50, esc(String.format(Locale.ROOT, "T_D p50 %s, p99 %s, max %s; %d never noticed; mistakes %s",
                    Html.ms(DetectionSection.number(d, "p50Ms")), Html.ms(DetectionSection.number(d, "p99Ms")),
                    Html.ms(DetectionSection.number(d, "maxMs")), d.path("undetected").asInt(),
                    detection.path("accuracy").path("mistakes").asText("0"))), "fill=\"#333\"");
        }
        // node lanes, down stretches, fault bands over the nodes they affect
        for (int n = 0; n < t.nodes.size(); n++) {
            int y = lanesTop + n * laneHeight;
            if (n % 2 == 1) {
                rect(out, LEFT, y, WIDTH - LEFT - 10, laneHeight, "#f4f4f4", "");
            }
            text(out, 8, y + 12, esc(t.nodes.get(n)), "");
        }
        for (RunTimeline.Fault f : t.faults) {
            double x0 = LEFT + f.start() * scale;
            double w = Math.max(2, (f.endOr(t.runEnd()) - f.start()) * scale);
            for (String node : f.nodes()) {
                int n = t.nodes.indexOf(node);
                if (n >= 0) {
                    rect(out, x0, lanesTop + n * laneHeight + 1, w, laneHeight - 2, "#D55E00", "fill-opacity=\"0.35\" stroke=\"#D55E00\"");
                }
            }
            int first = f.nodes().isEmpty() ? 0 : Math.max(0, t.nodes.indexOf(f.nodes().get(0)));
            if (w > 24) {
                text(out, x0 + 2, lanesTop + first * laneHeight + 11, "#" + esc(f.id()), "fill=\"#6b2800\" font-size=\"9\"");
            }
        }
        // throughput and latency per bucket
        double width = end / BUCKETS;
        int[][] counts = new int[3][BUCKETS];
        long[][] lat = new long[BUCKETS][];
        int[] filled = new int[BUCKETS];
        for (int i = 0; i < t.count; i++) {
            int b = (int) Math.min(BUCKETS - 1, t.endOf(i) / width);
            counts[t.type[i]][b]++;
            if (t.type[i] == RunTimeline.OK) {
                if (lat[b] == null) {
                    lat[b] = new long[8];
                } else if (filled[b] == lat[b].length) {
                    lat[b] = Arrays.copyOf(lat[b], filled[b] * 2);
                }
                lat[b][filled[b]++] = t.end[i] - t.start[i];
            }
        }
        int max = 1;
        for (int b = 0; b < BUCKETS; b++) {
            max = Math.max(max, counts[0][b] + counts[1][b] + counts[2][b]);
        }
        text(out, 8, tputTop + 10, "ops/s", "");
        String[] colours = {"#0072B2", "#E69F00", "#CC79A7"};
        double barWidth = (WIDTH - LEFT - 10) / (double) BUCKETS;
        for (int b = 0; b < BUCKETS; b++) {
            double base = tputBottom;
            for (int k = 0; k < 3; k++) {
                double h = counts[k][b] * (tputBottom - tputTop) / (double) max;
                if (h > 0) {
                    rect(out, LEFT + b * barWidth, base - h, Math.max(1, barWidth - 0.3), h, colours[k], "");
                    base -= h;
                }
            }
        }
        text(out, LEFT - 6, tputTop + 8, String.format(Locale.ROOT, "%.0f", max * 1e9 / width), "text-anchor=\"end\" fill=\"#555\"");
        long maxLat = 1;
        long[][] quantiles = new long[2][BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            Percentiles p = new Percentiles(lat[b] == null ? new long[0] : lat[b], filled[b]);
            quantiles[0][b] = p.at(0.5);
            quantiles[1][b] = p.at(0.99);
            maxLat = Math.max(maxLat, quantiles[1][b]);
        }
        text(out, 8, latTop + 10, "latency", "");
        text(out, LEFT - 6, latTop + 8, esc(Html.ms(maxLat)), "text-anchor=\"end\" fill=\"#555\"");
        for (RunTimeline.Fault f : t.faults) {
            rect(out, LEFT + f.start() * scale, tputTop, Math.max(2, (f.endOr(t.runEnd()) - f.start()) * scale),
                    latBottom - tputTop, "#D55E00", "fill-opacity=\"0.10\"");
        }
        String[] lineStyles = {"stroke=\"#009E73\" stroke-width=\"1.5\"", "stroke=\"#D55E00\" stroke-width=\"2\" stroke-dasharray=\"2 2\""};
        for (int q = 0; q < 2; q++) {
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int b = 0; b < BUCKETS; b++) {
                if (quantiles[q][b] < 0) {
                    pen = false;
                    continue;
                }
                double x = LEFT + (b + 0.5) * barWidth;
                double y = latBottom - quantiles[q][b] * (latBottom - latTop) / (double) maxLat;
                path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
                pen = true;
            }
            if (path.length() > 0) {
                out.append("<path fill=\"none\" ").append(lineStyles[q]).append(" d=\"").append(path).append("\"/>");
            }
        }
        int legend = latBottom + 18;
        rect(out, LEFT, legend - 9, 12, 9, "#0072B2", "");
        text(out, LEFT + 16, legend, "ok", "");
        rect(out, LEFT + 50, legend - 9, 12, 9, "#E69F00", "");
        text(out, LEFT + 66, legend, "fail", "");
        rect(out, LEFT + 100, legend - 9, 12, 9, "#CC79A7", "");
        text(out, LEFT + 116, legend, "info", "");
        rect(out, LEFT + 150, legend - 9, 12, 9, "#D55E00", "fill-opacity=\"0.35\" stroke=\"#D55E00\"");
        text(out, LEFT + 166, legend, "fault (over the nodes it affects)", "");
        out.append("<path d=\"M").append(LEFT + 360).append(',').append(legend - 4).append(" h18\" stroke=\"#009E73\" stroke-width=\"1.5\"/>");
        text(out, LEFT + 382, legend, "p50", "");
        out.append("<path d=\"M").append(LEFT + 420).append(',').append(legend - 4)
                .append(" h18\" stroke=\"#D55E00\" stroke-width=\"2\" stroke-dasharray=\"2 2\"/>");
        text(out, LEFT + 442, legend, "p99 (dotted)", "");
        text(out, WIDTH - 10, legend, esc(Html.at(t.runEnd())), "text-anchor=\"end\"");
        return out.append("</svg>\n").toString();
    }

    private static void rect(StringBuilder out, double x, double y, double w, double h, String fill, String extra) {
        out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" %s/>",
                x, y, w, h, fill, extra));
    }

    private static void text(StringBuilder out, double x, double y, String escaped, String extra) {
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>", x, y, extra)).append(escaped).append("</text>");
    }
}
