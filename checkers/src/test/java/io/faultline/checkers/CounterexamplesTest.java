package io.faultline.checkers;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.format.HistoryFormat;
import io.faultline.checkers.history.History;
import io.faultline.checkers.linear.LinearizabilityChecker;
import io.faultline.checkers.linear.LinearizabilityResult;
import io.faultline.checkers.linear.ResultJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The counterexample of every stored history that is not linearizable stays what it was: the
 * failing operation, its partition, the longest prefixes with their states, the possible states and
 * each other process's previous :ok operation, as {@code ResultJson} writes them (time left out).
 * A change to the search that prunes or reorders it must keep these, since users compare reports
 * across versions. With one thread and with two, since partitions are searched side by side.
 *
 * <p>{@code counterexamples.jsonl} was written by the checker of 2026-12-06 (commit 931a4f1); after a
 * deliberate change of what a counterexample says, rewrite it with
 * {@code -Dfaultline.counterexamples.write=checkers/src/test/resources/io/faultline/checkers/counterexamples.jsonl}.
 */
class CounterexamplesTest {
    private static final String GOLDEN = "counterexamples.jsonl";

    @Test
    void everyStoredCounterexampleIsUnchangedOnOneThreadAndOnTwo() throws Exception {
        Map<String, String> expected = golden();
        for (int threads : new int[] {1, 2}) {
            Map<String, String> actual = counterexamples(LinearizabilityChecker.create()
                    .withTimeLimit(Duration.ofSeconds(60)).withParallelism(threads));
            String write = System.getProperty("faultline.counterexamples.write");
            if (write != null && threads == 1) {
                Files.writeString(Path.of(write), String.join("\n", actual.values()) + "\n");
                expected = actual;
            }
            assertThat(actual.keySet()).as("invalid stored histories").hasSizeGreaterThan(80);
            for (Map.Entry<String, String> e : actual.entrySet()) {
                assertThat(e.getValue()).as("%s on %d thread(s)", e.getKey(), threads).isEqualTo(expected.get(e.getKey()));
            }
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
        }
    }

    private static Map<String, String> counterexamples(LinearizabilityChecker checker) throws Exception {
        Path dir = KnownVerdictsTest.histories();
        Map<String, String> lines = new LinkedHashMap<>();
        ResultJson json = new ResultJson();
        for (String row : Files.readAllLines(dir.resolve("verdicts.tsv"))) {
            String[] c = row.split("\t");
            if (!c[1].equals("NOT linearizable")) {
                continue;
            }
            List<String> models = new ArrayList<>(List.of(KnownVerdictsTest.modelName(c[0])));
            if (c[0].matches(".*kv/c(01|10)-.*")) {
                models.add("kv-unpartitioned");
            }
            Path path = dir.resolve(c[0]);
            History history = HistoryFormat.detect(path).read(path);
            for (String model : models) {
                LinearizabilityResult result = checker.check(KnownVerdictsTest.model(c[0], model), history);
                String key = c[0] + " " + model;
                lines.put(key, json.line(key, result).replaceFirst(",\"millis\":\\d+", ""));
            }
        }
        return lines;
    }

    private static Map<String, String> golden() throws IOException {
        Map<String, String> lines = new LinkedHashMap<>();
        try (InputStream in = CounterexamplesTest.class.getResourceAsStream(GOLDEN)) {
            if (in == null) {
                return lines;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String file = line.replaceFirst("^\\{\"file\":\"([^\"]*)\".*", "$1");
                lines.put(file, line);
            }
        }
        return lines;
    }
}
