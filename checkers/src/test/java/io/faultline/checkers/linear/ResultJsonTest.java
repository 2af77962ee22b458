package io.faultline.checkers.linear;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
    private final ResultJson json = new ResultJson();

    private static JsonNode parse(String line) throws Exception {
        assertThat(line).doesNotContain("\n");
        return new ObjectMapper().readTree(line);
    }

    @Test
    void unknownCarriesItsReason() throws Exception {
        LinearizabilityResult result = new LinearizabilityResult(Verdict.UNKNOWN, "cas-register", 12,
                Duration.ofMillis(1500), "time limit 1s reached", null, 99);

        JsonNode line = parse(json.line("h.edn", result));

        assertThat(line.get("valid").asText()).isEqualTo("unknown");
        assertThat(line.get("millis").asLong()).isEqualTo(1500);
        assertThat(line.get("ops").asInt()).isEqualTo(12);
        assertThat(line.get("reason").asText()).isEqualTo("time limit 1s reached");
        assertThat(line.has("counterexample")).isFalse();
    }

    @Test
    void opsAreJepsenOpMapsWithKeywordsAsStrings() throws Exception {
        Operation write = new Operation(0, new Op(0, 0, io.faultline.checkers.history.OpType.INVOKE, "write",
                Map.of(Keyword.of("x"), List.of(1L, Keyword.of("y"))), 100, null),
                new Op(1, 0, io.faultline.checkers.history.OpType.OK, "write",
                        Map.of(Keyword.of("x"), List.of(1L, Keyword.of("y"))), 200, null));
        Operation read = new Operation(1, Op.invoke(1, "read", null).withIndex(2), null);
        Counterexample c = new Counterexample(read, ":x",
                List.of(List.of(new Counterexample.Step(write, "{:x [1 :y]}"))), List.of("{:x [1 :y]}"),
                Map.of(0, write));
        LinearizabilityResult result = new LinearizabilityResult(Verdict.INVALID, "multi-register", 2,
                Duration.ZERO, null, c, 3);

        JsonNode line = parse(json.line("h.edn", result));

        assertThat(line.get("valid").isBoolean()).isTrue();
        assertThat(line.get("valid").asBoolean(true)).isFalse();
        JsonNode ce = line.get("counterexample");
        assertThat(ce.get("partition").asText()).isEqualTo(":x");
        // an operation that never completed is shown by its invocation, as indeterminate
        assertThat(ce.get("op").toString())
                .isEqualTo("{\"process\":1,\"type\":\":info\",\"f\":\":read\",\"value\":null,\"index\":2}");
        JsonNode step = ce.get("longestPrefixes").get(0).get(0);
        assertThat(step.get("op").toString()).isEqualTo(
                "{\"process\":0,\"type\":\":ok\",\"f\":\":write\",\"value\":{\":x\":[1,\":y\"]},\"index\":1,\"time\":200}");
        assertThat(step.get("state").asText()).isEqualTo("{:x [1 :y]}");
        assertThat(ce.get("possibleStates").get(0).asText()).isEqualTo("{:x [1 :y]}");
        assertThat(ce.get("previousOk").get("0").get("index").asInt()).isEqualTo(1);
    }
}
