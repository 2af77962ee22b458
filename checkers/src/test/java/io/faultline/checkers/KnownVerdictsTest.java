package io.faultline.checkers;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.format.HistoryFormat;
import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.linear.LinearizabilityChecker;
import io.faultline.checkers.linear.LinearizabilityResult;
import io.faultline.checkers.linear.Verdict;
import io.faultline.checkers.model.CasRegister;
import io.faultline.checkers.model.Model;
import io.faultline.checkers.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stored Jepsen, Knossos and Porcupine history gets the verdict its source project's tests
 * assert, under that project's reading of the history (see {@code verdicts.tsv}).
 */
class KnownVerdictsTest {
    private static final LinearizabilityChecker CHECKER = LinearizabilityChecker.create().withTimeLimit(Duration.ofSeconds(60));

    static Path histories() {
        String dir = System.getProperty("faultline.histories", "../../shared/histories");
        Path path = Paths.get(dir);
        if (!Files.isRegularFile(path.resolve("verdicts.tsv"))) {
            throw new IllegalStateException("the reference histories are not at " + path.toAbsolutePath()
                    + "; clone Faultline beside shared/ or pass -Dfaultline.histories=/path/to/histories");
        }
        return path;
    }

    static Stream<Arguments> verdicts() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        for (String line : Files.readAllLines(histories().resolve("verdicts.tsv"))) {
            String[] c = line.split("\t");
            if (c[0].equals("file") || !(c[1].equals("linearizable") || c[1].equals("NOT linearizable"))) {
                continue;
            }
            boolean valid = c[1].equals("linearizable");
            rows.add(Arguments.of(c[0], modelName(c[0]), valid));
            if (c[0].matches(".*kv/c(01|10)-.*")) {
                // Porcupine also checks these without P-compositionality; same verdicts.
                rows.add(Arguments.of(c[0], "kv-unpartitioned", valid));
            }
        }
        assertThat(rows).as("rows of verdicts.tsv with a verdict").hasSizeGreaterThan(220);
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} ({1}) linearizable: {2}")
    @MethodSource("verdicts")
    void storedHistoryGetsItsKnownVerdict(String file, String model, boolean linearizable) throws Exception {
        Path path = histories().resolve(file);
        History history = HistoryFormat.detect(path).read(path);

        LinearizabilityResult result = CHECKER.check(model(file, model), history);

        assertThat(result.verdict()).as("%s: %s", file, result.reason())
                .isEqualTo(linearizable ? Verdict.VALID : Verdict.INVALID);
        if (!linearizable) {
            assertThat(result.counterexample().op()).isNotNull();
            assertThat(result.counterexample().longestPrefixes()).isNotEmpty();
            assertThat(result.counterexample().possibleStates()).isNotEmpty();
        }
    }

    @Test
    void theEmptyEtcdLogIsAnEmptyValidHistory() throws Exception {
        Path path = histories().resolve("porcupine/test_data/jepsen/etcd_095.log");
        History history = HistoryFormat.detect(path).read(path);

        assertThat(history.size()).isZero();
        assertThat(CHECKER.check(CasRegister.casRegister(null, CasRegister.Semantics.PORCUPINE), history).verdict())
                .isEqualTo(Verdict.VALID);
    }

    static String modelName(String file) {
        if (file.contains("/kv/")) {
            return "kv";
        }
        if (file.contains("multi-register")) {
            return "multi-register";
        }
        if (file.contains("mutex")) {
            return "mutex";
        }
        return "cas-register";
    }

    /** Each source's own model and reading: see the README of the histories. */
    static Model<?> model(String file, String name) {
        if (file.startsWith("porcupine/test_data/jepsen/")) {
            // Porcupine's etcd model: the key starts absent, a failed CAS means the compare failed.
            return CasRegister.casRegister(null, CasRegister.Semantics.PORCUPINE);
        }
        switch (name) {
            case "cas-register":
                return CasRegister.casRegister(0L);
            case "multi-register":
                return Models.byName(name, Map.of(Keyword.of("x"), 0L, Keyword.of("y"), 0L));
            default:
                return Models.byName(name, null);
        }
    }
}
