package io.faultline.reports;

import static io.faultline.reports.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One run as one HTML page: summary, timeline, latency and throughput, fault windows, failure
 * detection, counterexample and node-log excerpts. Everything is inline, and a Content Security
 * Policy forbids the page any request, so it opens from {@code file://}, inside Allure's sandboxed
 * iframe, or from an archive, and shows the same thing.
 *
 * <p>Parts carry {@code data-faultline} attributes (the report's data contract, README "Reports").
 */
final class ReportPage {
    /** Characters of node-log text a page holds; beyond it excerpts are cut and the page says so. */
    static final int LOG_BUDGET = 200_000;
    /** Log lines per node per excerpt. */
    private static final int LINES_PER_EXCERPT = 40;
    /** Longest linearizable prefixes shown, and steps shown of each (its last ones). */
    private static final int MAX_PREFIXES = 10;
    private static final int MAX_STEPS = 200;
    private static final long TWO_SECONDS = 2_000_000_000L;

    private final RunDirectory run;
    private final RunTimeline timeline;
    private final List<String> truncated = new ArrayList<>();

    ReportPage(RunDirectory run) {
        this.run = run;
        this.timeline = new RunTimeline(run);
    }

    RunTimeline timeline() {
        return timeline;
    }

    String html() {
        JsonNode lin = run.linearizability();
        JsonNode counterexample = lin.path("counterexample");
        Long failingTime = counterexample.path("op").path("time").isNumber() ? counterexample.path("op").path("time").asLong() : null;
        Integer failingIndex = counterexample.path("op").path("index").isNumber() ? counterexample.path("op").path("index").asInt() : null;

        StringBuilder body = new StringBuilder(1 << 16);
        summary(body);
        timelineSection(body);
        performance(body);
        DetectionSection.write(body, run.detection());
        MeasurementTables.write(body, run.path());
        if (!counterexample.isMissingNode()) {
            counterexample(body, lin, failingTime);
        }
        LogExcerpts logs = new LogExcerpts(run, LOG_BUDGET);
        logs(body, logs, failingTime);
        if (logs.truncated()) {
            truncated.add("node-log excerpts were cut to " + LINES_PER_EXCERPT + " lines per node and " + LOG_BUDGET
                    + " characters in all; the full logs are linked");
        }

        if (timeline.count > PageData.MAX_OPS) {
            truncated.add("the timeline draws the first " + PageData.MAX_OPS + " of " + timeline.count + " operations (latency, "
                    + "throughput and fault windows count them all); history.jsonl has every one");
        }
        String data = PageData.json(timeline, run.detection(), failingTime, failingIndex);
        StringBuilder page = new StringBuilder(body.length() + data.length() + 40_000);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                // No request of any kind: the page is its own world, wherever it is opened.
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                        + "script-src 'unsafe-inline'; img-src data:\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(run.shortTest())).append(" — Faultline report</title><style>")
                .append(resource("report.css")).append("</style></head><body>");
        page.append("<header><h1>").append(esc(run.shortTest())).append("</h1>").append(verdicts()).append("</header>");
        page.append("<nav><a href=\"#summary\">summary</a> <a href=\"#timeline\">timeline</a> <a href=\"#latency\">latency</a> "
                + "<a href=\"#fault-windows\">fault windows</a> <a href=\"#detection\">detection</a> ")
                .append(counterexample.isMissingNode() ? "" : "<a href=\"#counterexample\">counterexample</a> ")
                .append("<a href=\"#logs\">node logs</a></nav>");
        if (!truncated.isEmpty()) {
            page.append("<div class=\"truncated\" data-faultline=\"truncated\"><strong>Truncated:</strong><ul>");
            truncated.forEach(t -> page.append("<li>").append(esc(t)).append("</li>"));
            page.append("</ul></div>");
        }
        page.append(body);
        page.append("<footer>Rendered by Faultline from the files in <code>").append(esc(run.path().toAbsolutePath()))
                .append("</code>; re-render with <code>bin/faultline report ").append(esc(run.path().toAbsolutePath()))
                .append("</code>.</footer>");
        page.append("<script type=\"application/json\" id=\"faultline-data\">")
                // "</" cannot end the script element early when written "<\/", which JSON reads the same
                .append(data.replace("</", "<\\/")).append("</script><script>").append(resource("report.js"))
                .append("</script></body></html>\n");
        return page.toString();
    }

    private String verdicts() {
        StringBuilder out = new StringBuilder("<div class=\"verdicts\">");
        badge(out, "test", run.status());
        JsonNode lin = run.linearizability();
        if (!lin.isMissingNode()) {
            String valid = lin.path("valid").asText();
            badge(out, "linearizability", valid.equals("true") ? "valid" : valid.equals("false") ? "invalid" : "unknown");
        } else {
            badge(out, "linearizability", "not checked");
        }
        String durability = run.durability();
        badge(out, "durability", durability == null ? "not checked"
                : durability.startsWith("VALID") ? "valid" : durability.startsWith("INVALID") ? "invalid" : "unknown");
        JsonNode detection = run.detection();
        // A run can record suspicions (drawn in the timeline) without the detection checker judging them.
        badge(out, "detection", detection.isMissingNode()
                ? timeline.suspicions.isEmpty() ? "not measured" : "not checked, suspicions drawn"
                : detection.path("detection").path("undetected").asInt() > 0 ? "missed some" : "all noticed");
        return out.append("</div>").toString();
    }

    private static void badge(StringBuilder out, String what, String verdict) {
        String cls = switch (verdict) {
            case "passed", "valid", "all noticed", "checked" -> "good";
            case "failed", "invalid", "missed some" -> "bad";
            default -> "neutral";
        };
        out.append("<span class=\"badge ").append(cls).append("\">").append(esc(what)).append(": <b>").append(esc(verdict))
                .append("</b></span>");
    }

    private void summary(StringBuilder out) {
        JsonNode result = run.result();
        out.append("<section id=\"summary\" data-faultline=\"summary\"><h2>Summary</h2><dl>");
        item(out, "test", run.test());
        item(out, "status", run.status() + (result.hasNonNull("failure") ? " — " + result.get("failure").asText() : ""));
        item(out, "seed", run.seed().orElse("?"));
        item(out, "backend", run.backend());
        item(out, "cluster", run.target() + ": " + String.join(", ", timeline.nodes));
        item(out, "boot time", result.has("boot-millis") ? result.get("boot-millis").asText() + " ms" : "?");
        item(out, "operations", timeline.count + " (" + count(RunTimeline.OK) + " ok, " + count(RunTimeline.FAIL) + " fail, "
                + count(RunTimeline.INFO) + " info) by " + timeline.workers + " concurrent clients");
        item(out, "faults", timeline.faults.size() + (timeline.faults.isEmpty() ? "" : ": " + kinds()));
        item(out, "duration", Html.at(timeline.runEnd()));
        JsonNode lin = run.linearizability();
        if (!lin.isMissingNode()) {
            item(out, "linearizability", lin.path("valid").asText() + " (model " + lin.path("model").asText() + ", "
                    + lin.path("ops").asText() + " operations, checked in " + lin.path("millis").asText() + " ms"
                    + (lin.hasNonNull("reason") ? "; " + lin.get("reason").asText() : "") + ")");
        }
        if (run.durability() != null) {
            item(out, "durability", run.durability());
        }
        if (!run.detection().isMissingNode()) {
            item(out, "detection", run.detection().path("summary").asText());
        }
        JsonNode checks = run.checks();
        if (!checks.isMissingNode()) {
            out.append("<dt>run checks</dt><dd><ul class=\"checks\">");
            for (JsonNode check : checks.path("parts").isEmpty() ? List.of(checks) : iterable(checks.path("parts"))) {
                out.append("<li>").append(esc(check.path("name").asText())).append(": <b>")
                        .append(esc(check.path("valid").asText())).append("</b> — ").append(esc(check.path("summary").asText()))
                        .append("</li>");
            }
            out.append("</ul></dd>");
        }
        out.append("<dt>rerun</dt><dd><code class=\"rerun\">").append(esc(run.rerun().orElse("?"))).append("</code></dd>");
        out.append("<dt>run directory</dt><dd><code>").append(esc(run.path().toAbsolutePath())).append("</code></dd>");
        out.append("</dl></section>");
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private String kinds() {
        java.util.Map<String, Integer> byKind = new java.util.TreeMap<>();
        timeline.faults.forEach(f -> byKind.merge(f.kind(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        byKind.forEach((k, n) -> parts.add(n + " × " + k));
        return String.join(", ", parts);
    }

    private int count(int type) {
        int n = 0;
        for (int i = 0; i < timeline.count; i++) {
            n += timeline.type[i] == type ? 1 : 0;
        }
        return n;
    }

    private static void item(StringBuilder out, String term, String value) {
        out.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private void timelineSection(StringBuilder out) {
        out.append("<section id=\"timeline\" data-faultline=\"timeline\"><h2>Timeline</h2>")
                .append("<div class=\"controls\"><button type=\"button\" data-act=\"in\">zoom in</button>")
                .append("<button type=\"button\" data-act=\"out\">zoom out</button><button type=\"button\" data-act=\"reset\">whole run</button>")
                .append(run.linearizability().path("counterexample").path("op").path("time").isNumber()
                        ? "<button type=\"button\" data-act=\"failing\" class=\"warn\">jump to the failing op</button>" : "")
                .append("<span class=\"hint\">wheel or +/− to zoom, drag to pan, click a fault to zoom to it</span></div>");
        legend(out);
        out.append("<div class=\"canvas-wrap\"><canvas id=\"tl\" height=\"300\"></canvas><div id=\"tip\" hidden></div></div>");
        out.append("<h3>Faults (").append(timeline.faults.size()).append(")</h3><ol class=\"faults\">");
        for (RunTimeline.Fault f : timeline.faults) {
            out.append("<li data-faultline=\"fault\" data-fault-id=\"").append(esc(f.id())).append("\" data-start=\"")
                    .append(f.start() / 1e6).append("\" data-end=\"").append(f.endOr(timeline.runEnd()) / 1e6).append("\">")
                    .append("<b>#").append(esc(f.id())).append(' ').append(esc(f.kind())).append("</b> on ")
                    .append(esc(f.nodes().isEmpty() ? "(no node)" : String.join(", ", f.nodes()))).append(", ")
                    .append(esc(Html.at(f.start()))).append(" → ")
                    .append(f.end() == null ? "end of run (never ended)" : esc(Html.at(f.end())))
                    .append(f.details().isEmpty() ? "" : " <code>" + esc(f.details()) + "</code>").append("</li>");
        }
        out.append("</ol></section>");
    }

    private static void legend(StringBuilder out) {
        out.append("<div class=\"legend\">")
                .append("<span><i class=\"sw ok\"></i>ok</span><span><i class=\"sw fail\"></i>fail (did not happen)</span>")
                .append("<span><i class=\"sw info\"></i>info ▲ (unknown: timed out or crashed)</span>")
                .append("<span><i class=\"sw fault\"></i>fault, over the lanes it affects</span>")
                .append("<span><i class=\"sw susp\"></i>suspicion (observer → peer)</span>")
                .append("<span><i class=\"sw mistake\"></i>✕ mistake (a live peer suspected)</span>")
                .append("<span>node: ▲ start ● ready ✕ kill ‖ pause ▶ resume ■ exit</span>")
                .append("<span><i class=\"sw failing\"></i>the op that cannot be linearized</span></div>");
    }

    private void performance(StringBuilder out) {
        out.append("<section id=\"latency\" data-faultline=\"latency\"><h2>Latency</h2><div class=\"legend\">")
                .append("<span><i class=\"sw ok\"></i>each ok op (raw)</span><span><i class=\"ln p50\"></i>p50</span>")
                .append("<span><i class=\"ln p95\"></i>p95 (dashed)</span><span><i class=\"ln p99\"></i>p99 (dotted)</span>")
                .append("<span><i class=\"sw fault\"></i>fault</span><label><input type=\"checkbox\" id=\"logscale\" checked> log scale</label></div>")
                .append("<canvas id=\"lat\" height=\"220\"></canvas></section>");
        out.append("<section id=\"throughput\" data-faultline=\"throughput\"><h2>Throughput</h2><div class=\"legend\">")
                .append("<span><i class=\"sw ok\"></i>ok/s</span><span><i class=\"sw fail\"></i>fail/s</span>")
                .append("<span><i class=\"sw info\"></i>info/s</span></div><canvas id=\"tput\" height=\"160\"></canvas></section>");
        out.append("<section id=\"fault-windows\" data-faultline=\"fault-windows\"><h2>Fault windows</h2>")
                .append("<p class=\"muted\">Operations invoked before, during and after each fault (before and after are as long "
                        + "as the fault, at least 1 s). Availability: ok among all invoked.</p>");
        List<FaultWindows.Row> rows = FaultWindows.of(timeline);
        List<String> headlines = new ArrayList<>();
        rows.forEach(r -> {
            String h = r.headline();
            if (h != null) {
                headlines.add(h);
            }
        });
        if (!headlines.isEmpty()) {
            out.append("<ul class=\"headlines\">");
            headlines.forEach(h -> out.append("<li>").append(esc(h)).append("</li>"));
            out.append("</ul>");
        }
        out.append("<table class=\"rows\"><tr><th rowspan=\"2\">fault</th><th colspan=\"3\">ok ops/s</th><th colspan=\"3\">availability</th>"
                + "<th colspan=\"3\">p99 latency</th></tr><tr><th>before</th><th>during</th><th>after</th><th>before</th><th>during</th>"
                + "<th>after</th><th>before</th><th>during</th><th>after</th></tr>");
        for (FaultWindows.Row r : rows) {
            out.append("<tr data-window-fault=\"").append(esc(r.fault().id())).append("\"><td>").append(esc(r.fault().label())).append("</td>");
            for (FaultWindows.Window w : List.of(r.before(), r.during(), r.after())) {
                out.append("<td>").append(Html.num(w.opsPerSecond())).append("</td>");
            }
            for (FaultWindows.Window w : List.of(r.before(), r.during(), r.after())) {
                out.append("<td>").append(Html.percent(w.availability())).append("</td>");
            }
            for (FaultWindows.Window w : List.of(r.before(), r.during(), r.after())) {
                out.append("<td>").append(Html.ms(w.p99())).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</table></section>");
    }

    private void counterexample(StringBuilder out, JsonNode lin, Long failingTime) {
        JsonNode c = lin.path("counterexample");
        String valid = lin.path("valid").asText();
        boolean invalid = valid.equals("false");
        out.append("<section id=\"counterexample\" data-faultline=\"").append(invalid ? "counterexample" : "counterexample-unknown")
                .append("\"><h2>Counterexample").append(invalid ? "" : " (verdict unknown: the checker ran out of budget)")
                .append("</h2>");
        JsonNode op = c.path("op");
        out.append("<p>This operation cannot be linearized: <code class=\"failing\">").append(esc(describe(op))).append("</code>");
        if (failingTime != null) {
            out.append(" at ").append(esc(Html.at(failingTime)))
                    .append(" <button type=\"button\" data-act=\"failing\" class=\"warn\">jump to it in the timeline</button>");
        }
        out.append("</p>");
        if (c.has("partition")) {
            out.append("<p>In the independent part <code>").append(esc(c.get("partition").asText())).append("</code> of the history.</p>");
        }
        out.append("<p>Possible states of the object when it had to take effect: <code>")
                .append(esc(String.join(", ", DetectionSection.strings(c.path("possibleStates"))))).append("</code></p>");
        if (failingTime != null) {
            List<RunTimeline.Fault> active = timeline.activeAt(failingTime);
            out.append("<p>Faults active then: ").append(active.isEmpty() ? "none" : "").append("</p>");
            if (!active.isEmpty()) {
                out.append("<ul>");
                active.forEach(f -> out.append("<li>").append(esc(f.label())).append(", ").append(esc(Html.at(f.start())))
                        .append(" → ").append(esc(f.end() == null ? "end of run" : Html.at(f.end()))).append("</li>"));
                out.append("</ul>");
            }
        }
        JsonNode previous = c.path("previousOk");
        if (previous.size() > 0) {
            out.append("<p>Each other process's last operation that completed before it:</p><ul>");
            previous.fields().forEachRemaining(e -> out.append("<li><code>").append(esc(describe(e.getValue()))).append("</code></li>"));
            out.append("</ul>");
        }
        JsonNode prefixes = c.path("longestPrefixes");
        out.append("<h3>Longest linearizable prefixes (").append(prefixes.size()).append(")</h3>");
        if (prefixes.size() > MAX_PREFIXES) {
            truncated.add("counterexample: " + MAX_PREFIXES + " of " + prefixes.size() + " longest prefixes shown");
        }
        int shown = 0;
        for (JsonNode prefix : prefixes) {
            if (shown++ == MAX_PREFIXES) {
                break;
            }
            int skip = Math.max(0, prefix.size() - MAX_STEPS);
            if (skip > 0) {
                truncated.add("counterexample: prefix " + shown + " shows its last " + MAX_STEPS + " of " + prefix.size() + " steps");
            }
            out.append("<details").append(shown == 1 ? " open" : "").append("><summary>prefix ").append(shown).append(": ")
                    .append(prefix.size()).append(" steps, then ").append(esc(describe(op))).append(" has no legal place</summary>")
                    .append("<table class=\"rows prefix\"><tr><th>step</th><th>operation</th><th>model state after</th></tr>");
            if (skip > 0) {
                out.append("<tr><td colspan=\"3\" class=\"muted\">… ").append(skip).append(" earlier steps</td></tr>");
            }
            int step = 0;
            for (JsonNode s : prefix) {
                if (step++ < skip) {
                    continue;
                }
                out.append("<tr><td>").append(step).append("</td><td><code>").append(esc(describe(s.path("op"))))
                        .append("</code></td><td><code>").append(esc(s.path("state").asText())).append("</code></td></tr>");
            }
            out.append("<tr class=\"failing-row\"><td>✕</td><td><code>").append(esc(describe(op)))
                    .append("</code></td><td>no state allows it</td></tr></table></details>");
        }
        out.append("</section>");
    }

    private static String describe(JsonNode op) {
        return "process " + op.path("process").asText() + " " + op.path("type").asText() + " " + op.path("f").asText() + " "
                + op.path("value").toString() + " (history index " + op.path("index").asText() + ")";
    }

    private void logs(StringBuilder out, LogExcerpts logs, Long failingTime) {
        out.append("<section id=\"logs\" data-faultline=\"logs\"><h2>Node logs</h2>");
        if (run.logs().isEmpty()) {
            out.append("<p class=\"muted\">The run left no node logs.</p></section>");
            return;
        }
        out.append("<p>Full logs: ");
        run.logs().forEach((node, file) -> {
            String relative = run.path().relativize(file).toString().replace('\\', '/');
            out.append("<a href=\"").append(esc(relative)).append("\">").append(esc(relative)).append("</a> ");
        });
        out.append("</p>");
        if (logs.estimated()) {
            out.append("<p class=\"muted\">This run did not record its clock's origin, so lines stamped with the node's "
                    + "<code>nanos=</code> are placed by an estimate from each node's start, and may show up to a few hundred "
                    + "milliseconds early.</p>");
        }
        if (failingTime != null) {
            excerpt(out, "±2 s around the failing op (" + Html.at(failingTime) + ")", logs.around(failingTime - TWO_SECONDS,
                    failingTime + TWO_SECONDS, LINES_PER_EXCERPT), "failing");
        }
        for (RunTimeline.Fault f : timeline.faults) {
            excerpt(out, "fault " + f.label() + ": 1 s before to 2 s after it began (" + Html.at(f.start()) + ")",
                    logs.around(f.start() - TWO_SECONDS / 2, f.start() + TWO_SECONDS, LINES_PER_EXCERPT), "f" + f.id());
        }
        out.append("</section>");
    }

    private static void excerpt(StringBuilder out, String title, List<LogExcerpts.Excerpt> excerpts, String id) {
        out.append("<details class=\"log\" id=\"log-").append(esc(id)).append("\"><summary>").append(esc(title)).append(" — ");
        int lines = excerpts.stream().mapToInt(e -> e.lines().size()).sum();
        out.append(lines).append(" lines</summary>");
        for (LogExcerpts.Excerpt e : excerpts) {
            out.append("<h4>").append(esc(e.node())).append(e.cut() ? " (cut)" : "").append("</h4><pre>");
            for (LogExcerpts.Line line : e.lines()) {
                out.append("<span class=\"t\">").append(String.format(java.util.Locale.ROOT, "%9.3f", line.time() / 1e9))
                        .append("</span> ").append(esc(line.text())).append('\n');
            }
            out.append("</pre>");
        }
        out.append("</details>");
    }

    static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the faultline-reports jar; rebuild it with mvn -pl reports package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
