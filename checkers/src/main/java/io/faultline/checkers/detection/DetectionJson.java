package io.faultline.checkers.detection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/** A {@link DetectionReport} as the JSON {@link DetectionReport#toJson()} documents. */
final class DetectionJson {
    /** Bumped when a member changes meaning or goes away; new members do not bump it. */
    static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DetectionJson() {
    }

    static String write(DetectionReport report) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("version", VERSION);
        json.put("summary", report.summary());
        nanos(json, "grace", report.grace());
        json.set("detection", stats(report.detection()));
        ObjectNode byKind = json.putObject("detectionByKind");
        report.detectionByKind().forEach((kind, stats) -> byKind.set(kind, stats(stats)));
        ArrayNode faults = json.putArray("faults");
        report.faults().forEach(f -> faults.add(fault(f)));
        json.set("accuracy", accuracy(MAPPER.createObjectNode(), report.accuracy()));
        ArrayNode pairs = json.putArray("accuracyByPair");
        for (PairAccuracy p : report.accuracyByPair()) {
            ObjectNode pair = pairs.addObject().put("observer", p.observer()).put("peer", p.peer());
            accuracy(pair, p.accuracy());
        }
        ArrayNode mistakes = json.putArray("mistakes");
        for (Mistake m : report.mistakes()) {
            ObjectNode mistake = mistakes.addObject().put("observer", m.observer()).put("peer", m.peer());
            instant(mistake, "start", m.start());
            nanos(mistake, "duration", m.duration());
            mistake.put("open", m.open()).put("fault", m.fault());
        }
        ArrayNode partition = json.putArray("partitionSuspicions");
        for (PartitionSuspicion p : report.partitionSuspicions()) {
            Suspicion s = p.suspicion();
            ObjectNode node = partition.addObject().put("fault", p.fault()).put("observer", s.observer())
                    .put("peer", s.peer());
            instant(node, "start", s.start());
            instant(node, "end", s.end());
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            // the tree holds only strings, numbers, booleans and nulls
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode stats(DetectionStats stats) {
        ObjectNode json = MAPPER.createObjectNode().put("count", stats.count()).put("undetected", stats.undetected());
        nanos(json, "p50", stats.p50());
        nanos(json, "p99", stats.p99());
        nanos(json, "max", stats.max());
        return json;
    }

    private static ObjectNode fault(FaultDetection fd) {
        InjectedFault f = fd.fault();
        ObjectNode json = MAPPER.createObjectNode().put("id", f.id()).put("kind", f.kind()).put("effect", f.effect().name());
        strings(json.putArray("targets"), f.targets());
        ArrayNode components = json.putArray("components");
        f.components().forEach(c -> strings(components.addArray(), c));
        ArrayNode cuts = json.putArray("cuts");
        f.cuts().forEach(c -> strings(cuts.addArray(), c));
        instant(json, "start", f.start());
        instant(json, "end", f.end());
        instant(json, "recovered", f.recovered());
        ArrayNode detections = json.putArray("detections");
        for (Detection d : fd.detections()) {
            ObjectNode detection = detections.addObject().put("observer", d.observer()).put("target", d.target());
            instant(detection, "suspected", d.suspectedAt());
            instant(detection, "trusted", d.trustedAt());
            nanos(detection, "detection", d.detectionTime());
        }
        json.put("undetected", fd.undetected());
        nanos(json, "minDetection", fd.minDetection());
        nanos(json, "maxDetection", fd.maxDetection());
        instant(json, "firstOk", fd.firstOkAt());
        nanos(json, "toFirstOk", fd.toFirstOk());
        instant(json, "fullMembership", fd.fullMembershipAt());
        nanos(json, "toFullMembership", fd.toFullMembership());
        return json;
    }

    private static ObjectNode accuracy(ObjectNode json, Accuracy a) {
        json.put("mistakes", a.mistakes());
        nanos(json, "observed", a.observed());
        nanos(json, "meanMistake", a.meanMistakeDuration());
        nanos(json, "maxMistake", a.maxMistakeDuration());
        nanos(json, "meanRecurrence", a.meanRecurrence());
        json.put("mistakesPerHour", a.mistakesPerHour());
        json.put("queryAccuracy", a.queryAccuracy());
        return json;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void nanos(ObjectNode json, String name, Duration d) {
        instant(json, name, d == null ? null : d.toNanos());
    }

    private static void instant(ObjectNode json, String name, Long nanos) {
        if (nanos == null) {
            json.putNull(name + "Ns");
            json.putNull(name + "Ms");
        } else {
            json.put(name + "Ns", nanos);
            json.put(name + "Ms", nanos / 1e6);
        }
    }
}
