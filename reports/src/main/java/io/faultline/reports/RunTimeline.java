package io.faultline.reports;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.checkers.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run on its own clock, as the report draws it: client operations paired into intervals, faults
 * with the nodes they affect, node lifecycle events, suspicion intervals per observer and peer, and
 * phases. All times are nanoseconds on the run's clock.
 */
final class RunTimeline {
    static final int OK = 0;
    static final int FAIL = 1;
    static final int INFO = 2;
    /** The end of an operation that never completed. */
    static final long OPEN = -1;

    /** Client operations, by invocation order. */
    final int count;
    final int[] index;
    final int[] process;
    final long[] start;
    final long[] end;
    final byte[] type;
    final String[] f;
    final String[] value;
    /** Concurrent client slots: process {@code p} runs in lane {@code p % workers} (Jepsen's numbering). */
    final int workers;
    final List<Fault> faults = new ArrayList<>();
    final List<Mark> lifecycle = new ArrayList<>();
    final List<Suspicion> suspicions = new ArrayList<>();
    final List<Mark> phases = new ArrayList<>();
    final List<String> nodes;
    final long end0;

    record Fault(String id, String kind, long start, Long end, List<String> nodes, String details) {
        long endOr(long runEnd) {
            return end == null ? runEnd : end;
        }

        String label() {
            return "#" + id + " " + kind + (nodes.isEmpty() ? "" : " " + String.join(",", nodes));
        }
    }

    record Mark(long time, String node, String what) {
    }

    record Suspicion(String observer, String peer, long start, Long end) {
    }

    RunTimeline(RunDirectory run) {
        List<HistoryLines.Event> ops = run.ops();
        Map<Integer, Integer> open = new HashMap<>();
        List<HistoryLines.Event> invocations = new ArrayList<>();
        List<HistoryLines.Event> completions = new ArrayList<>();
        int concurrent = 0;
        int maxConcurrent = 0;
        long last = 0;
        for (HistoryLines.Event op : ops) {
            if (op.process() == Op.NEMESIS) {
                continue;
            }
            if (op.time() != Op.NO_TIME) {
                last = Math.max(last, op.time());
            }
            if (op.type() == HistoryLines.INVOKE) {
                open.put(op.process(), invocations.size());
                invocations.add(op);
                completions.add(null);
                maxConcurrent = Math.max(maxConcurrent, ++concurrent);
            } else {
                Integer at = open.remove(op.process());
                if (at != null) {
                    completions.set(at, op);
                    concurrent--;
                }
            }
        }
        count = invocations.size();
        index = new int[count];
        process = new int[count];
        start = new long[count];
        end = new long[count];
        type = new byte[count];
        f = new String[count];
        value = new String[count];
        for (int i = 0; i < count; i++) {
            HistoryLines.Event inv = invocations.get(i);
            HistoryLines.Event done = completions.get(i);
            index[i] = inv.index();
            process[i] = inv.process();
            start[i] = inv.time() != Op.NO_TIME ? inv.time() : 0;
            end[i] = done == null || done.time() == Op.NO_TIME ? OPEN : done.time();
            type[i] = (byte) (done == null ? INFO : switch (done.type()) {
                case HistoryLines.OK -> OK;
                case HistoryLines.FAIL -> FAIL;
                default -> INFO;
            });
            f[i] = inv.f();
            // what a reader wants to see: the value a read returned, else what was asked
            value[i] = done != null && done.type() == HistoryLines.OK && !done.value().equals("nil") ? done.value() : inv.value();
        }
        workers = Math.max(1, maxConcurrent);

        Set<String> nodeNames = new LinkedHashSet<>();
        run.cluster().path("nodes").forEach(n -> nodeNames.add(n.path("name").asText()));
        Map<String, JsonNode> faultStarts = new LinkedHashMap<>();
        Map<String, Long> faultEnds = new HashMap<>();
        Map<List<String>, Long> suspected = new LinkedHashMap<>();
        for (JsonNode e : run.events()) {
            long time = e.path("time").asLong();
            last = Math.max(last, time);
            String kind = e.path("type").asText();
            switch (kind) {
                case "fault-start" -> faultStarts.put(e.path("id").asText(), e);
                case "fault-end" -> faultEnds.put(e.path("id").asText(), time);
                case "phase" -> phases.add(new Mark(time, null, e.path("phase").asText()));
                case "suspect" -> {
                    List<String> pair = List.of(e.path("observer").asText(), e.path("peer").asText());
                    suspected.putIfAbsent(pair, time);
                }
                case "trust" -> {
                    List<String> pair = List.of(e.path("observer").asText(), e.path("peer").asText());
                    Long since = suspected.remove(pair);
                    if (since != null) {
                        suspicions.add(new Suspicion(pair.get(0), pair.get(1), since, time));
                    }
                }
                default -> {
                    if (kind.startsWith("node-")) {
                        String node = e.path("node").asText();
                        nodeNames.add(node);
                        lifecycle.add(new Mark(time, node, kind.substring("node-".length())));
                    }
                }
            }
        }
        suspected.forEach((pair, since) -> suspicions.add(new Suspicion(pair.get(0), pair.get(1), since, null)));
        suspicions.sort((a, b) -> Long.compare(a.start(), b.start()));
        lifecycle.sort((a, b) -> Long.compare(a.time(), b.time()));
        for (Map.Entry<String, JsonNode> entry : faultStarts.entrySet()) {
            JsonNode e = entry.getValue();
            faults.add(new Fault(entry.getKey(), e.path("kind").asText(), e.path("time").asLong(),
                    faultEnds.get(entry.getKey()), affected(e), details(e.path("details"))));
        }
        faults.forEach(fault -> nodeNames.addAll(fault.nodes()));
        this.nodes = List.copyOf(nodeNames);
        this.end0 = last;
    }

    /**
     * The nodes a fault acts on, which its band covers: a kill or pause its targets, a partition every
     * node in its components, cut links both of their endpoints.
     */
    private static List<String> affected(JsonNode faultStart) {
        Set<String> nodes = new TreeSet<>();
        faultStart.path("nodes").forEach(n -> nodes.add(n.asText()));
        // the typed effect, as the harness writes it beside the nemesis's own details
        faultStart.path("components").forEach(c -> c.forEach(n -> nodes.add(n.asText())));
        faultStart.path("links").forEach(link -> link.forEach(n -> nodes.add(n.asText())));
        JsonNode details = faultStart.path("details");
        details.path("components").forEach(c -> c.forEach(n -> nodes.add(n.asText())));
        details.path("cut").forEach(link -> link.forEach(n -> nodes.add(n.asText())));
        details.path("cuts").forEach(link -> link.forEach(n -> nodes.add(n.asText())));
        return List.copyOf(nodes);
    }

    private static String details(JsonNode details) {
        if (!details.isObject() || details.isEmpty()) {
            return "";
        }
        return details.toString();
    }

    /** The run's last recorded instant: the end of a fault still active then. */
    long runEnd() {
        return end0;
    }

    /** An operation's end for drawing and windows: its completion, or the end of the run. */
    long endOf(int i) {
        return end[i] == OPEN ? end0 : end[i];
    }

    /** The faults active at {@code time}. */
    List<Fault> activeAt(long time) {
        List<Fault> active = new ArrayList<>();
        for (Fault fault : faults) {
            if (fault.start() <= time && time <= fault.endOr(end0)) {
                active.add(fault);
            }
        }
        return active;
    }
}
