package io.faultline.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The listener as a build meets it: found through {@code META-INF/services} beside allure-junit5's
 * own listener, fed the run directories the tests publish. Each test's report is rendered, a broken
 * run fails nothing, the build gets its index and a trends line per test, and the Allure result of
 * each test carries the run's steps, labels, rerun link and attachments.
 */
class ReportListenerTest {
    @TempDir
    Path scratch;

    @Test
    void aBuildGetsReportsAnIndexTrendsAndAllureEvidence() throws IOException {
        Path allure = Path.of(System.getProperty("allure.results.directory"));
        PublishingChaosRuns.plantedBug = Fixtures.copy(Fixtures.PLANTED_BUG, scratch);
        PublishingChaosRuns.broken = Fixtures.copy(Fixtures.DETECTION, scratch.resolve("broken"));
        Files.writeString(PublishingChaosRuns.broken.resolve("history.jsonl"), "{\"index\":0,\"type\":\"invoke\"\n");

        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        String stdout = launch(summary);

        assertThat(summary.getSummary().getTestsSucceededCount()).as("a report that cannot be rendered fails no test").isEqualTo(2);
        assertThat(PublishingChaosRuns.plantedBug.resolve("report.html")).content().contains("data-faultline=\"counterexample\"");
        Path index = scratch.resolve("faultline/index.html");
        assertThat(stdout).contains("faultline: index of 2 runs (2 of this build): " + index);
        assertThat(index).content().contains("planted-bug/report.html", "Trends over the last 20 builds");
        assertThat(index).content().contains("Runs that could not be read", "broken/reference-detection");
        assertThat(Files.readAllLines(scratch.resolve("history.jsonl"))).as("a line per readable run").hasSize(1);

        JsonNode result = allureResult(allure, "plantedBugIsCaught");
        assertThat(labels(result)).contains("target=reference", "backend=process", "seed=1");
        assertThat(result.path("links").get(0).path("name").asText()).startsWith("rerun: mvn verify -Pchaos");
        List<String> steps = new ArrayList<>();
        result.path("steps").forEach(s -> steps.add(s.path("name").asText()));
        assertThat(steps).contains("phase warm-up", "phase faults", "phase heal", "phase final-reads");
        JsonNode faults = stepNamed(result, "phase faults");
        assertThat(faults.path("steps").get(0).path("name").asText()).matches("fault #1 isolate-leader-then-kill on n[123]");
        List<String> attachments = new ArrayList<>();
        for (JsonNode a : result.path("attachments")) {
            attachments.add(a.path("name").asText());
            assertThat(allure.resolve(a.path("source").asText())).as(a.path("name").asText()).isNotEmptyFile();
        }
        assertThat(attachments).contains("report.html (interactive, Allure 2)", "summary (static)", "history.edn",
                "counterexample (linearizability.json)", "rerun command");

        launch(new SummaryGeneratingListener());
        assertThat(Files.readAllLines(scratch.resolve("history.jsonl"))).as("a second build appends").hasSize(2);
    }

    @Test
    void theIndexWrittenLastListsTheRunsOfEveryJobThatWroteIntoTheDirectory() throws IOException {
        // CI runs the chaos tests once per backend, each job a build of its own, into one directory
        Path runs = scratch.resolve("faultline");
        PublishingOneRun.run = Fixtures.copy(Fixtures.ZOOKEEPER, runs.resolve("docker-job"));
        launch(PublishingOneRun.class, new SummaryGeneratingListener());
        PublishingOneRun.run = Fixtures.copy(Fixtures.DETECTION, runs.resolve("process-job"));
        String stdout = launch(PublishingOneRun.class, new SummaryGeneratingListener());

        Path index = runs.resolve("index.html");
        assertThat(stdout).contains("faultline: index of 2 runs (1 of this build): " + index);
        assertThat(index).content().contains("docker-job/zookeeper-cas/report.html", "process-job/reference-detection/report.html");
        assertThat(Files.readAllLines(scratch.resolve("history.jsonl"))).as("each run appended once, by its own job").hasSize(2);
    }

    private String launch(SummaryGeneratingListener summary) {
        return launch(PublishingChaosRuns.class, summary);
    }

    private String launch(Class<?> tests, SummaryGeneratingListener summary) {
        Launcher launcher = LauncherFactory.create();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(tests))
                    .configurationParameter("faultline.dir", scratch.resolve("faultline").toString())
                    .configurationParameter("faultline.trends", scratch.resolve("history.jsonl").toString())
                    .build(), summary);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        return out;
    }

    private static JsonNode allureResult(Path allure, String method) throws IOException {
        JsonNode newest = null;
        try (Stream<Path> files = Files.list(allure)) {
            for (Path file : files.filter(f -> f.toString().endsWith("-result.json")).toList()) {
                JsonNode result = RunDirectory.JSON.readTree(file.toFile());
                if (labels(result).contains("testMethod=" + method)
                        && (newest == null || result.path("stop").asLong() > newest.path("stop").asLong())) {
                    newest = result;
                }
            }
        }
        assertThat(newest).as("an Allure result for " + method + " in " + allure).isNotNull();
        return newest;
    }

    private static List<String> labels(JsonNode result) {
        List<String> labels = new ArrayList<>();
        result.path("labels").forEach(l -> labels.add(l.path("name").asText() + "=" + l.path("value").asText()));
        return labels;
    }

    private static JsonNode stepNamed(JsonNode result, String name) {
        for (JsonNode step : result.path("steps")) {
            if (step.path("name").asText().equals(name)) {
                return step;
            }
        }
        throw new AssertionError("no step " + name + " in " + result.path("steps"));
    }
}
