package io.faultline.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Adds a chaos run's evidence to the result allure-junit5 wrote for its test: a step per phase with
 * a step per fault inside, labels for target, backend and seed, the rerun command (description and a
 * link to {@code rerun.txt}), and attachments: {@code report.html} (runs in Allure 2's sandboxed
 * iframe), the static {@code report-summary.svg} (what Allure 3, which strips scripts, can show),
 * {@code history.edn}, {@code detection.json} and the counterexample ({@code linearizability.json}).
 *
 * <p>It edits the result files after the fact rather than going through Allure's lifecycle, so it
 * needs no Allure classes and does not depend on the order in which JUnit calls the two listeners.
 */
final class AllureResults {
    private AllureResults() {
    }

    /** Returns how many runs found their test's result. */
    static int addEvidence(Path results, List<ReportListener.RenderedRun> runs) throws IOException {
        Map<String, Path> latest = new HashMap<>();
        Map<String, Long> stops = new HashMap<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-result.json")).toList()) {
                JsonNode result = RunDirectory.JSON.readTree(file.toFile());
                String key = label(result, "testClass") + "#" + label(result, "testMethod");
                long stop = result.path("stop").asLong();
                if (stop >= stops.getOrDefault(key, Long.MIN_VALUE)) {
                    stops.put(key, stop);
                    latest.put(key, file);
                }
            }
        }
        int added = 0;
        for (ReportListener.RenderedRun run : runs) {
            Path file = latest.get(run.className() + "#" + run.methodName());
            if (file == null) {
                continue;
            }
            ObjectNode result = (ObjectNode) RunDirectory.JSON.readTree(file.toFile());
            if (result.path("labels").findValuesAsText("name").contains("faultline.run")) {
                continue;
            }
            try {
                enrich(result, RunDirectory.read(run.directory()), results);
            } catch (IOException | RuntimeException e) {
                // one run's unreadable files leave its result as Allure wrote it, and the others still get theirs
                System.err.println("faultline: ERROR could not add the evidence of " + run.directory() + " to its Allure result: " + e);
                continue;
            }
            RunReport.writeAtomically(file, RunDirectory.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            added++;
        }
        return added;
    }

    private static void enrich(ObjectNode result, RunDirectory run, Path results) throws IOException {
        ArrayNode labels = result.withArrayProperty("labels");
        label(labels, "target", run.target());
        label(labels, "backend", run.backend());
        label(labels, "seed", run.seed().orElse("?"));
        label(labels, "faultline.run", run.path().toAbsolutePath().toString());
        String rerun = run.rerun().orElse(null);
        if (rerun != null) {
            String before = result.path("description").asText("");
            result.put("description", (before.isEmpty() ? "" : before + "\n\n") + "Rerun:\n\n    " + rerun
                    + "\n\nRun directory: " + run.path().toAbsolutePath());
            ObjectNode link = result.withArrayProperty("links").addObject();
            link.put("name", "rerun: " + rerun);
            link.put("url", run.path().resolve("rerun.txt").toAbsolutePath().toUri().toString());
            link.put("type", "custom");
        }
        result.set("steps", steps(run));
        ArrayNode attachments = result.withArrayProperty("attachments");
        attach(attachments, results, run.path().resolve(RunReport.FILE), "report.html (interactive, Allure 2)", "text/html", "html");
        attach(attachments, results, run.path().resolve(RunReport.SUMMARY_SVG), "summary (static)", "image/svg+xml", "svg");
        attach(attachments, results, run.path().resolve("history.edn"), "history.edn", "text/plain", "edn");
        attach(attachments, results, run.path().resolve("detection.json"), "detection.json", "application/json", "json");
        if (!run.linearizability().path("counterexample").isMissingNode()) {
            attach(attachments, results, run.path().resolve("linearizability.json"), "counterexample (linearizability.json)",
                    "application/json", "json");
        }
        attach(attachments, results, run.path().resolve("rerun.txt"), "rerun command", "text/plain", "txt");
    }

    /** A step per phase, in order; the faults phase holds a step per fault. Times are wall milliseconds. */
    private static ArrayNode steps(RunDirectory run) {
        List<JsonNode> phases = new ArrayList<>();
        Map<String, JsonNode> faultEnds = new HashMap<>();
        Map<String, String> faultErrors = new HashMap<>();
        List<JsonNode> faultStarts = new ArrayList<>();
        long last = 0;
        for (JsonNode e : run.events()) {
            last = Math.max(last, wallMillis(e));
            switch (e.path("type").asText()) {
                case "phase" -> phases.add(e);
                case "fault-start" -> faultStarts.add(e);
                case "fault-end" -> faultEnds.put(e.path("id").asText(), e);
                case "fault-error" -> faultErrors.merge(e.path("id").asText("?"), e.path("error").asText(), (a, b) -> a + "; " + b);
                default -> {
                }
            }
        }
        ArrayNode steps = RunDirectory.JSON.createArrayNode();
        for (int i = 0; i < phases.size(); i++) {
            JsonNode phase = phases.get(i);
            long start = wallMillis(phase);
            long stop = i + 1 < phases.size() ? wallMillis(phases.get(i + 1)) : last;
            ObjectNode step = step(steps.addObject(), "phase " + phase.path("phase").asText(), start, stop, null);
            for (JsonNode fault : faultStarts) {
                long at = wallMillis(fault);
                if (at >= start && at < stop || (i + 1 == phases.size() && at >= start)) {
                    String id = fault.path("id").asText();
                    JsonNode end = faultEnds.get(id);
                    List<String> nodes = new ArrayList<>();
                    fault.path("nodes").forEach(n -> nodes.add(n.asText()));
                    step(step.withArrayProperty("steps").addObject(), "fault #" + id + " " + fault.path("kind").asText()
                            + (nodes.isEmpty() ? "" : " on " + String.join(", ", nodes)), at,
                            end == null ? stop : wallMillis(end), faultErrors.get(id));
                }
            }
        }
        return steps;
    }

    private static ObjectNode step(ObjectNode step, String name, long start, long stop, String error) {
        step.put("name", name);
        step.put("status", error == null ? "passed" : "broken");
        if (error != null) {
            step.putObject("statusDetails").put("message", error);
        }
        step.put("stage", "finished");
        step.put("start", start);
        step.put("stop", Math.max(start, stop));
        step.withArrayProperty("steps");
        step.putArray("attachments");
        step.putArray("parameters");
        return step;
    }

    private static long wallMillis(JsonNode event) {
        try {
            return Instant.parse(event.path("wall").asText()).toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static void attach(ArrayNode attachments, Path results, Path file, String name, String type, String extension)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        String source = UUID.randomUUID() + "-attachment." + extension;
        Files.copy(file, results.resolve(source));
        attachments.addObject().put("name", name).put("source", source).put("type", type);
    }

    private static void label(ArrayNode labels, String name, String value) {
        labels.addObject().put("name", name).put("value", value);
    }

    private static String label(JsonNode result, String name) {
        for (JsonNode label : result.path("labels")) {
            if (label.path("name").asText().equals(name)) {
                return label.path("value").asText();
            }
        }
        return "";
    }
}
