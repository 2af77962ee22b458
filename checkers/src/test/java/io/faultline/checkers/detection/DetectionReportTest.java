package io.faultline.checkers.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionReportTest {
    private static final long MS = 1_000_000;

    /**
     * A kill of c from 5 s to 8 s, c ready at 8.5 s, noticed by a after 400 ms and b after 600 ms;
     * then latency on a from 12 s to 15 s, under which b wrongly suspects a for 250 ms.
     */
    private static DetectionReport report() {
        Timeline t = new Timeline(List.of("a", "b", "c"), 0, 20_000 * MS,
                List.of(InjectedFault.stop("1", "kill", List.of("c"), 5_000 * MS, 8_000 * MS).recoveredAt(8_500 * MS),
                        InjectedFault.degrade("2", "latency", List.of("a"), 12_000 * MS, 15_000 * MS)),
                List.of(Suspicion.of("a", "c", 5_400 * MS, 8_700 * MS), Suspicion.of("b", "c", 5_600 * MS, 9_000 * MS),
                        Suspicion.of("b", "a", 13_000 * MS, 13_250 * MS)),
                List.of(9_200 * MS, 15_100 * MS));
        return DetectionChecker.create().check(t);
    }

    @Test
    void theSummaryIsOneLineWithTheNumbersAnAssertionWouldCheck() {
        // c's pairs lose 5.5 s each to the kill and its grace: 4 * 14.5 s + 2 * 20 s = 98 s observed,
        // so λ_M = 3600 / 98 per hour and P_A = 1 - 0.25 / 98
        assertThat(report().summary()).isEqualTo("detection: 2/2 noticed, T_D p50 400 ms, p99 600 ms, max 600 ms;"
                + " mistakes: 1 (T_M mean 250 ms, max 250 ms, 36.73/h), P_A 0.99745; partition suspicions: 0;"
                + " recovery after 2 faults: first ok ≤ 1.20 s, full membership ≤ 1.00 s");
    }

    @Test
    void aRunWithoutFaultsSaysSo() {
        Timeline quiet = new Timeline(List.of("a", "b"), 0, 1_000 * MS, List.of(), List.of(), List.of());
        assertThat(DetectionChecker.create().check(quiet).summary())
                .isEqualTo("detection: nothing to notice; mistakes: 0, P_A 1.00000; partition suspicions: 0");
    }

    @Test
    void theJsonHasNanosecondsAndMillisecondsAndEveryMemberEvenWhenNull() throws Exception {
        DetectionReport report = report();
        JsonNode json = new ObjectMapper().readTree(report.toJson());

        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("summary").asText()).isEqualTo(report.summary());
        assertThat(json.get("graceNs").asLong()).isEqualTo(2_000 * MS);
        assertThat(json.get("graceMs").asDouble()).isEqualTo(2_000.0);
        assertThat(names(json)).containsExactly("version", "summary", "graceNs", "graceMs", "detection",
                "detectionByKind", "faults", "accuracy", "accuracyByPair", "mistakes", "partitionSuspicions");

        JsonNode detection = json.get("detection");
        assertThat(names(detection)).containsExactly("count", "undetected", "p50Ns", "p50Ms", "p99Ns", "p99Ms",
                "maxNs", "maxMs");
        assertThat(detection.get("count").asInt()).isEqualTo(2);
        assertThat(detection.get("maxNs").isIntegralNumber()).isTrue();
        assertThat(detection.get("maxNs").asLong()).isEqualTo(600 * MS);
        assertThat(detection.get("maxMs").isDouble()).isTrue();
        assertThat(detection.get("maxMs").asDouble()).isEqualTo(600.0);
        assertThat(names(json.get("detectionByKind"))).containsExactly("kill");

        JsonNode kill = json.get("faults").get(0);
        assertThat(names(kill)).containsExactly("id", "kind", "effect", "targets", "components", "cuts", "startNs", "startMs", "endNs",
                "endMs", "recoveredNs", "recoveredMs", "detections", "undetected", "minDetectionNs", "minDetectionMs",
                "maxDetectionNs", "maxDetectionMs", "firstOkNs", "firstOkMs", "toFirstOkNs", "toFirstOkMs",
                "fullMembershipNs", "fullMembershipMs", "toFullMembershipNs", "toFullMembershipMs");
        assertThat(kill.get("id").asText()).isEqualTo("1");
        assertThat(kill.get("effect").asText()).isEqualTo("STOP");
        assertThat(kill.get("targets").toString()).isEqualTo("[\"c\"]");
        assertThat(kill.get("recoveredMs").asDouble()).isEqualTo(8_500.0);
        assertThat(kill.get("detections").get(0).toString()).isEqualTo("{\"observer\":\"a\",\"target\":\"c\","
                + "\"suspectedNs\":5400000000,\"suspectedMs\":5400.0,\"trustedNs\":8700000000,\"trustedMs\":8700.0,"
                + "\"detectionNs\":400000000,\"detectionMs\":400.0}");
        assertThat(kill.get("toFirstOkMs").asDouble()).isEqualTo(1_200.0);
        assertThat(kill.get("toFullMembershipMs").asDouble()).isEqualTo(1_000.0);

        JsonNode latency = json.get("faults").get(1);
        assertThat(latency.get("recoveredNs").isNull()).isTrue();
        assertThat(latency.get("detections").size()).isZero();
        assertThat(latency.get("maxDetectionNs").isNull()).isTrue();

        JsonNode accuracy = json.get("accuracy");
        assertThat(names(accuracy)).containsExactly("mistakes", "observedNs", "observedMs", "meanMistakeNs",
                "meanMistakeMs", "maxMistakeNs", "maxMistakeMs", "meanRecurrenceNs", "meanRecurrenceMs",
                "mistakesPerHour", "queryAccuracy");
        assertThat(accuracy.get("observedNs").asLong()).isEqualTo(98_000 * MS);
        assertThat(accuracy.get("meanRecurrenceNs").isNull()).isTrue();
        assertThat(json.get("accuracyByPair").size()).isEqualTo(6);
        assertThat(names(json.get("accuracyByPair").get(0))).startsWith("observer", "peer", "mistakes");
        assertThat(json.get("mistakes").get(0).toString()).isEqualTo("{\"observer\":\"b\",\"peer\":\"a\","
                + "\"startNs\":13000000000,\"startMs\":13000.0,\"durationNs\":250000000,\"durationMs\":250.0,"
                + "\"open\":false,\"fault\":\"2\"}");
        assertThat(json.get("partitionSuspicions").isArray()).isTrue();
    }

    @Test
    void partitionSuspicionsInTheJsonNameTheirPartition() throws Exception {
        Timeline t = new Timeline(List.of("a", "b", "c"), 0, 10_000 * MS,
                List.of(InjectedFault.partition("p", "isolate", List.of("c"), List.of(List.of("c")), 1_000 * MS,
                        3_000 * MS)),
                List.of(Suspicion.open("c", "a", 1_500 * MS)), List.of());
        JsonNode json = new ObjectMapper().readTree(DetectionChecker.create().check(t).toJson());

        assertThat(json.get("partitionSuspicions").get(0).toString()).isEqualTo("{\"fault\":\"p\",\"observer\":\"c\","
                + "\"peer\":\"a\",\"startNs\":1500000000,\"startMs\":1500.0,\"endNs\":null,\"endMs\":null}");
        // held past the heal and its grace period, so a mistake from 5 s to the end, still open
        assertThat(json.get("mistakes").get(0).get("startMs").asDouble()).isEqualTo(5_000.0);
        assertThat(json.get("mistakes").get(0).get("open").asBoolean()).isTrue();
    }

    @Test
    void pairsAndFaultsAreLookedUpByName() {
        DetectionReport report = report();
        assertThat(report.accuracy("b", "a").mistakes()).isEqualTo(1);
        assertThat(report.fault("2").fault().kind()).isEqualTo("latency");
        assertThatThrownBy(() -> report.accuracy("a", "a")).hasMessageContaining("no pair a → a");
        assertThatThrownBy(() -> report.fault("9")).hasMessageContaining("no fault 9");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
