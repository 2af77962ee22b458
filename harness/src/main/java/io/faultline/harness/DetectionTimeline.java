package io.faultline.harness;

import io.faultline.checkers.detection.Effect;
import io.faultline.checkers.detection.InjectedFault;
import io.faultline.checkers.detection.Suspicion;
import io.faultline.checkers.detection.Timeline;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's events and history as the detection checker's {@link Timeline}. */
final class DetectionTimeline {
    private DetectionTimeline() {
    }

    static Timeline of(RunResult run) {
        List<Event> events = new ArrayList<>(run.events());
        events.sort(Comparator.comparingLong(Event::time));
        long end = 0;
        for (Event e : events) {
            end = Math.max(end, e.time());
        }
        List<Long> ok = new ArrayList<>();
        for (Op op : run.history().ops()) {
            end = Math.max(end, op.time());
            if (op.type() == OpType.OK) {
                ok.add(op.time());
            }
        }
        return new Timeline(run.nodes(), 0, end, faults(events), suspicions(events, run.nodes()), ok);
    }

    private static List<InjectedFault> faults(List<Event> events) {
        Map<Object, Event> starts = new LinkedHashMap<>();
        Map<Object, Long> ends = new HashMap<>();
        for (Event e : events) {
            if (e.type().equals("fault-start")) {
                starts.put(e.fields().get("id"), e);
            } else if (e.type().equals("fault-end")) {
                ends.put(e.fields().get("id"), e.time());
            }
        }
        List<InjectedFault> faults = new ArrayList<>();
        for (Map.Entry<Object, Event> entry : starts.entrySet()) {
            Event start = entry.getValue();
            String id = String.valueOf(entry.getKey());
            String kind = (String) start.fields().get("kind");
            List<String> targets = strings(start.fields().get("nodes"));
            Long end = ends.get(entry.getKey());
            Object effect = start.fields().get("effect");
            InjectedFault fault = switch (String.valueOf(effect)) {
                case "stopped", "paused" -> new InjectedFault(id, kind, Effect.STOP, targets, List.of(), List.of(), start.time(), end, null);
                case "partitioned" -> new InjectedFault(id, kind, Effect.PARTITION, targets, lists(start.fields().get("components")),
                        List.of(), start.time(), end, null);
                case "cut" -> new InjectedFault(id, kind, Effect.PARTITION, targets, List.of(), lists(start.fields().get("links")),
                        start.time(), end, null);
                case "degraded" -> new InjectedFault(id, kind, Effect.DEGRADE, targets, List.of(), List.of(), start.time(), end, null);
                default -> throw new IllegalArgumentException("fault " + id + " (" + kind + ") has no effect the detection checker"
                        + " knows (" + effect + "); a fault says what it did with Fault.stopped, paused, partitioned, cut or degraded");
            };
            if (end != null && "stopped".equals(effect)) {
                // a stopped node is back when it is next ready: after its restart, whether that ended the fault or was the fault
                Long ready = readyAfter(events, targets, start.time());
                if (ready != null) {
                    fault = fault.recoveredAt(ready);
                }
            }
            faults.add(fault);
        }
        return faults;
    }

    /** When the last of {@code nodes} was ready again after {@code after}. */
    private static Long readyAfter(List<Event> events, List<String> nodes, long after) {
        Long last = null;
        for (String node : nodes) {
            Long ready = null;
            for (Event e : events) {
                if (e.type().equals("node-ready") && e.time() >= after && node.equals(e.fields().get("node"))) {
                    ready = e.time();
                    break;
                }
            }
            if (ready == null) {
                return null;
            }
            last = last == null ? ready : Math.max(last, ready);
        }
        return last;
    }

    /** Suspect and trust events paired per (observer, peer); a repeated report of the same opinion changes nothing. */
    private static List<Suspicion> suspicions(List<Event> events, List<String> nodes) {
        Map<String, Long> open = new LinkedHashMap<>();
        List<Suspicion> suspicions = new ArrayList<>();
        for (Event e : events) {
            boolean suspect = e.type().equals("suspect");
            if (!suspect && !e.type().equals("trust")) {
                continue;
            }
            String observer = (String) e.fields().get("observer");
            String peer = (String) e.fields().get("peer");
            if (!nodes.contains(observer) || !nodes.contains(peer) || observer.equals(peer)) {
                continue; // a probe may report peers outside the cluster, e.g. clients; they are not judged
            }
            String pair = observer + "\u0000" + peer;
            if (suspect) {
                open.putIfAbsent(pair, e.time());
            } else {
                Long since = open.remove(pair);
                if (since != null) {
                    suspicions.add(Suspicion.of(observer, peer, since, e.time()));
                }
            }
        }
        open.forEach((pair, since) -> {
            String[] p = pair.split("\u0000");
            suspicions.add(Suspicion.open(p[0], p[1], since));
        });
        return suspicions;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    private static List<List<String>> lists(Object value) {
        List<List<String>> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.forEach(x -> out.add(strings(x)));
        }
        return out;
    }
}
