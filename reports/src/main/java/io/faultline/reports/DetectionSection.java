package io.faultline.reports;

import static io.faultline.reports.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The failure-detection part of a report, drawn from {@code detection.json} alone: per fault the
 * path from injection to the first and the last observer's suspicion, the heal, the first successful
 * operation and full membership; the distribution of detection times T_D; mistakes with their
 * durations; and the accuracy figures (T_MR, P_A).
 */
final class DetectionSection {
    private DetectionSection() {
    }

    static void write(StringBuilder out, JsonNode detection) {
        out.append("<section id=\"detection\" data-faultline=\"detection\"><h2>Failure detection</h2>");
        if (detection.isMissingNode()) {
            out.append("<p class=\"muted\">This run had no detection probe, so it measured no detection times "
                    + "(no <code>detection.json</code>).</p></section>");
            return;
        }
        JsonNode stats = detection.path("detection");
        JsonNode accuracy = detection.path("accuracy");
        out.append("<p>").append(esc(detection.path("summary").asText())).append("</p>");
        out.append("<table class=\"figures\"><tr><th>T_D p50</th><th>T_D p99</th><th>T_D max</th><th>detections</th>"
                + "<th>never noticed</th><th>mistakes</th><th>mean mistake</th><th>T_MR (mean recurrence)</th>"
                + "<th>P_A (query accuracy)</th><th>mistakes / h</th></tr><tr>");
        cell(out, Html.ms(number(stats, "p50Ms")));
        cell(out, Html.ms(number(stats, "p99Ms")));
        cell(out, Html.ms(number(stats, "maxMs")));
        cell(out, stats.path("count").asText("–"));
        cell(out, stats.path("undetected").asText("–"));
        cell(out, accuracy.path("mistakes").asText("–"));
        cell(out, Html.ms(number(accuracy, "meanMistakeMs")));
        cell(out, Html.ms(number(accuracy, "meanRecurrenceMs")));
        cell(out, accuracy.path("queryAccuracy").isNumber()
                ? String.format(Locale.ROOT, "%.4f", accuracy.path("queryAccuracy").asDouble()) : "–");
        cell(out, accuracy.path("mistakesPerHour").isNumber() ? Html.num(accuracy.path("mistakesPerHour").asDouble()) : "–");
        out.append("</tr></table>");

        List<Double> times = new ArrayList<>();
        detection.path("faults").forEach(f -> f.path("detections").forEach(d -> {
            if (d.path("detectionMs").isNumber()) {
                times.add(d.path("detectionMs").asDouble());
            }
        }));
        out.append("<div class=\"pair\"><figure><figcaption>Per fault, from its injection: the band lasts until it was "
                + "healed; ▼ first observer suspects, ◆ every observer suspects, ● first ok operation, ■ full membership"
                + "</figcaption>");
        paths(out, detection.path("faults"));
        out.append("</figure><figure><figcaption>T_D distribution (CDF over every observer and fault, ")
                .append(times.size()).append(" detections)</figcaption>");
        cdf(out, times);
        out.append("</figure></div>");

        out.append("<table class=\"rows\"><tr><th>fault</th><th>injected</th><th>first suspicion</th><th>every observer</th>"
                + "<th>healed</th><th>first ok op</th><th>full membership</th><th>never noticed by</th></tr>");
        for (JsonNode f : detection.path("faults")) {
            List<String> missed = new ArrayList<>();
            f.path("detections").forEach(d -> {
                if (!d.path("detectionMs").isNumber()) {
                    missed.add(d.path("observer").asText() + "→" + d.path("target").asText());
                }
            });
            out.append("<tr><td>#").append(esc(f.path("id").asText())).append(' ').append(esc(f.path("kind").asText()))
                    .append(' ').append(esc(String.join(",", strings(f.path("targets"))))).append("</td>");
            cell(out, Html.at(f.path("startNs").asLong()));
            cell(out, plus(number(f, "minDetectionMs")));
            cell(out, plus(number(f, "maxDetectionMs")));
            cell(out, f.path("endMs").isNumber() ? "+" + Html.ms(f.path("endMs").asDouble() - f.path("startMs").asDouble()) : "not healed");
            cell(out, f.path("toFirstOkMs").isNumber() ? "heal +" + Html.ms(f.path("toFirstOkMs").asDouble()) : "–");
            cell(out, f.path("toFullMembershipMs").isNumber() ? "heal +" + Html.ms(f.path("toFullMembershipMs").asDouble()) : "–");
            cell(out, missed.isEmpty() ? "–" : String.join(", ", missed));
            out.append("</tr>");
        }
        out.append("</table>");

        JsonNode mistakes = detection.path("mistakes");
        out.append("<h3>Mistakes (a live, reachable peer suspected): ").append(mistakes.size()).append("</h3>");
        if (mistakes.size() > 0) {
            out.append("<table class=\"rows\"><tr><th>observer → peer</th><th>at</th><th>lasted</th><th>during fault</th></tr>");
            for (JsonNode m : mistakes) {
                out.append("<tr><td>").append(esc(m.path("observer").asText())).append(" → ").append(esc(m.path("peer").asText()))
                        .append("</td>");
                cell(out, Html.at(m.path("startNs").asLong()));
                cell(out, Html.ms(number(m, "durationMs")) + (m.path("open").asBoolean() ? " (still open)" : ""));
                cell(out, m.path("fault").isNull() ? "–" : "#" + m.path("fault").asText());
                out.append("</tr>");
            }
            out.append("</table><p class=\"muted\">Mistakes are also marked ✕ on the suspicion lanes of the timeline.</p>");
        }
        out.append("</section>");
    }

    /** One row per fault: a bar from injection over each milestone, on a scale shared by all rows. */
    private static void paths(StringBuilder out, JsonNode faults) {
        double longest = 1;
        for (JsonNode f : faults) {
            double end = number(f, "endMs") == null ? 0 : number(f, "endMs") - f.path("startMs").asDouble();
            double after = Math.max(orZero(number(f, "toFirstOkMs")), orZero(number(f, "toFullMembershipMs")));
            longest = Math.max(longest, Math.max(orZero(number(f, "maxDetectionMs")), end + after));
        }
        int rowHeight = 22;
        int width = 520;
        int left = 150;
        double scale = (width - left - 10) / longest;
        int height = Math.max(1, faults.size()) * rowHeight + 24;
        out.append("<svg class=\"chart\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\" role=\"img\">");
        int row = 0;
        for (JsonNode f : faults) {
            int y = row++ * rowHeight + 4;
            double start = f.path("startMs").asDouble();
            Double end = number(f, "endMs");
            double healed = end == null ? longest : end - start;
            out.append("<text x=\"0\" y=\"").append(y + 14).append("\" class=\"lbl\">#").append(esc(f.path("id").asText()))
                    .append(' ').append(esc(shorten(f.path("kind").asText()))).append("</text>");
            rect(out, left, y + 4, healed * scale, 10, "band");
            Double first = number(f, "minDetectionMs");
            Double every = number(f, "maxDetectionMs");
            if (first != null) {
                mark(out, left + first * scale, y, "first", "first suspicion +" + Html.ms(first));
            }
            if (every != null) {
                mark(out, left + every * scale, y, "every", "every observer +" + Html.ms(every));
            }
            Double firstOk = number(f, "toFirstOkMs");
            Double full = number(f, "toFullMembershipMs");
            if (end != null && firstOk != null) {
                mark(out, left + (healed + firstOk) * scale, y, "firstok", "first ok op, heal +" + Html.ms(firstOk));
            }
            if (end != null && full != null) {
                mark(out, left + (healed + full) * scale, y, "full", "full membership, heal +" + Html.ms(full));
            }
        }
        int axis = row * rowHeight + 16;
        out.append("<text x=\"").append(left).append("\" y=\"").append(axis).append("\" class=\"lbl\">0</text><text x=\"")
                .append(width - 10).append("\" y=\"").append(axis).append("\" class=\"lbl\" text-anchor=\"end\">")
                .append(esc(Html.ms(longest))).append("</text></svg>");
    }

    private static void cdf(StringBuilder out, List<Double> times) {
        int width = 360;
        int height = 200;
        out.append("<svg class=\"chart\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" role=\"img\">");
        if (times.isEmpty()) {
            out.append("<text x=\"10\" y=\"20\" class=\"lbl\">no fault was noticed</text></svg>");
            return;
        }
        Collections.sort(times);
        double max = Math.max(1, times.get(times.size() - 1));
        int left = 36;
        int bottom = height - 20;
        StringBuilder path = new StringBuilder("M").append(left).append(',').append(bottom);
        for (int i = 0; i < times.size(); i++) {
            double x = left + times.get(i) / max * (width - left - 10);
            double yBefore = bottom - (double) i / times.size() * (bottom - 10);
            double yAfter = bottom - (double) (i + 1) / times.size() * (bottom - 10);
            path.append(String.format(Locale.ROOT, " L%.1f,%.1f L%.1f,%.1f", x, yBefore, x, yAfter));
        }
        out.append("<path d=\"").append(path).append("\" class=\"cdf\"/>");
        out.append("<line x1=\"").append(left).append("\" y1=\"").append(bottom).append("\" x2=\"").append(width - 10)
                .append("\" y2=\"").append(bottom).append("\" class=\"axis\"/>");
        out.append("<text x=\"").append(left).append("\" y=\"").append(height - 4).append("\" class=\"lbl\">0</text>");
        out.append("<text x=\"").append(width - 10).append("\" y=\"").append(height - 4)
                .append("\" class=\"lbl\" text-anchor=\"end\">").append(esc(Html.ms(max))).append("</text>");
        out.append("<text x=\"2\" y=\"14\" class=\"lbl\">100%</text><text x=\"2\" y=\"").append(bottom)
                .append("\" class=\"lbl\">0%</text></svg>");
    }

    private static void rect(StringBuilder out, double x, double y, double w, double h, String cls) {
        out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"%s\"/>",
                x, y, Math.max(1, w), h, cls));
    }

    /** A milestone: a symbol (not only a colour) with its figure as a tooltip. */
    private static void mark(StringBuilder out, double x, double y, String cls, String title) {
        String symbol = switch (cls) {
            case "first" -> "▼";
            case "every" -> "◆";
            case "firstok" -> "●";
            default -> "■";
        };
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"m-%s\" text-anchor=\"middle\"><title>%s</title>%s</text>",
                x, y + 15, cls, esc(title), symbol));
    }

    private static String shorten(String kind) {
        return kind.length() > 18 ? kind.substring(0, 17) + "…" : kind;
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }

    private static String plus(Double millis) {
        return millis == null ? "never" : "+" + Html.ms(millis);
    }

    static Double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asDouble() : null;
    }

    private static void cell(StringBuilder out, String text) {
        out.append("<td>").append(esc(text)).append("</td>");
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
