package io.faultline.harness;

import io.faultline.checkers.detection.DetectionChecker;
import io.faultline.checkers.detection.DetectionReport;
import io.faultline.checkers.durability.DurabilityResult;
import io.faultline.checkers.durability.SetChecker;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.linear.LinearizabilityChecker;
import io.faultline.checkers.linear.LinearizabilityResult;
import io.faultline.checkers.linear.Verdict;
import io.faultline.checkers.model.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The built-in {@link Checker}s. {@link #runMustProveSomething} is what every
 * {@link ChaosRun#execute} applies; the others are what {@link RunAssert} asserts.
 */
public final class Checkers {
    private Checkers() {
    }

    /**
     * Jepsen's {@code stats}: per kind of operation ({@code f}), how many completed {@code :ok},
     * {@code :fail} and {@code :info}; INVALID when some kind never completed {@code :ok} — a run
     * whose every write failed proves nothing about writes — unless {@code mayHaveNoOk} names it.
     */
    public static Checker stats(Set<String> mayHaveNoOk) {
        Set<String> relaxed = Set.copyOf(mayHaveNoOk);
        return run -> {
            Map<String, Map<String, Integer>> byF = new TreeMap<>();
            for (Op op : run.history().ops()) {
                if (op.type() == OpType.INVOKE) {
                    continue;
                }
                Map<String, Integer> counts = byF.computeIfAbsent(op.f(), f -> new LinkedHashMap<>(Map.of("ok", 0, "fail", 0, "info", 0)));
                counts.merge(op.type().name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
            }
            Map<String, Object> details = Map.of("by-f", byF, "may-have-no-ok", new ArrayList<>(new java.util.TreeSet<>(relaxed)));
            if (byF.isEmpty()) {
                return CheckResult.invalid("stats", "no client operation completed; see history.jsonl and any client-error events", details);
            }
            List<String> never = new ArrayList<>();
            byF.forEach((f, counts) -> {
                if (counts.get("ok") == 0 && !relaxed.contains(f)) {
                    never.add(f + " (" + counts.get("fail") + " :fail, " + counts.get("info") + " :info)");
                }
            });
            if (!never.isEmpty()) {
                return CheckResult.invalid("stats", "no :ok completion for " + String.join(", ", never)
                        + ", so the run proves nothing about them; if that is expected, pass Expect.noOkOperationsFor(\""
                        + never.get(0).substring(0, never.get(0).indexOf(' ')) + "\")", details);
            }
            return CheckResult.valid("stats", "every kind of operation completed :ok at least once", details);
        };
    }

    /**
     * Every fault the schedule asked for was injected and ended: no {@code fault-error} event, every
     * {@code fault-start} has its {@code fault-end}, and a faults phase started at least one fault.
     */
    public static Checker faultsInjected() {
        return run -> {
            List<String> problems = new ArrayList<>();
            Set<Object> open = new LinkedHashSet<>();
            int phases = 0;
            int started = 0;
            for (Event e : run.events()) {
                switch (e.type()) {
                    case "fault-error" -> problems.add("nemesis " + e.fields().getOrDefault("nemesis", e.fields().get("kind"))
                            + " failed: " + e.fields().get("error"));
                    case "fault-start" -> {
                        started++;
                        open.add(e.fields().get("id"));
                    }
                    case "fault-end" -> open.remove(e.fields().get("id"));
                    case "phase" -> phases += "faults".equals(e.fields().get("phase")) ? 1 : 0;
                    default -> { }
                }
            }
            open.forEach(id -> problems.add("fault " + id + " never ended"));
            if (phases > 0 && started == 0) {
                problems.add("the schedule has a faults phase but no fault was injected");
            }
            Map<String, Object> details = Map.of("faults", started, "problems", problems);
            return problems.isEmpty()
                    ? CheckResult.valid("faults", started + " faults injected and ended", details)
                    : CheckResult.invalid("faults", String.join("; ", problems)
                            + "; if that is expected, pass Expect.failedFaults()", details);
        };
    }

    /**
     * Every process that failed to open a client ({@code client-error}) opened one later
     * ({@code client-open}): a client that cannot connect during a partition and connects after it
     * is a run that goes on; one that never does proves nothing.
     */
    public static Checker clientsOpened() {
        return run -> {
            Map<Object, String> unopened = new TreeMap<>();
            int errors = 0;
            for (Event e : run.events()) {
                if (e.type().equals("client-error")) {
                    errors++;
                    unopened.put(e.fields().get("slot"), String.valueOf(e.fields().get("error")));
                } else if (e.type().equals("client-open")) {
                    unopened.remove(e.fields().get("slot"));
                }
            }
            Map<String, Object> details = Map.of("client-errors", errors, "never-opened", new ArrayList<>(unopened.values()));
            if (unopened.isEmpty()) {
                return CheckResult.valid("clients", errors == 0 ? "every client opened"
                        : errors + " client-error, each followed by a client that opened", details);
            }
            return CheckResult.invalid("clients", unopened.size() + " process(es) never opened a client after: "
                    + unopened.values().iterator().next() + "; if that is expected, pass Expect.clientOpenFailures()", details);
        };
    }

    /**
     * No leader or detection probe failed, but for detection probes' polls of a node that was not up
     * (their {@code probe-error} says {@code "expected": true}), which are counted, not held against
     * the run.
     */
    public static Checker probesAnswered() {
        return run -> {
            List<String> errors = new ArrayList<>();
            long expected = 0;
            for (Event e : run.events()) {
                if (!e.type().equals("probe-error")) {
                    continue;
                }
                int count = 1 + ((Number) e.fields().getOrDefault("left-out", 0)).intValue();
                if (Boolean.TRUE.equals(e.fields().get("expected"))) {
                    expected += count;
                } else {
                    errors.add(count > 1 ? e.fields().get("error") + " (and " + (count - 1) + " more like it)"
                            : String.valueOf(e.fields().get("error")));
                }
            }
            String whileDown = expected == 0 ? "" : "; " + expected + " failed polls of nodes that were not up or did not answer in time, as expected";
            Map<String, Object> details = Map.of("errors", errors, "expected-errors", expected);
            if (errors.isEmpty()) {
                return CheckResult.valid("probes", "no probe-error" + whileDown, details);
            }
            return CheckResult.invalid("probes", errors.size() + " × probe-error, first: " + errors.get(0) + whileDown
                    + "; if that is expected, pass Expect.probeErrors()", details);
        };
    }

    /**
     * What every run must show unless {@code relaxed} says otherwise: {@link #stats},
     * {@link #faultsInjected}, {@link #clientsOpened}, {@link #probesAnswered}, and, in a run that cut
     * links in the kernel, {@link #cutsDropped}. A relaxed check still runs; its result says it was
     * relaxed and counts as VALID.
     */
    public static Checker runMustProveSomething(List<Expect> relaxed) {
        Set<String> noOk = new LinkedHashSet<>();
        relaxed.stream().filter(e -> e.relaxes() == Expect.Relaxes.NO_OK_OPERATIONS).forEach(e -> noOk.addAll(e.operations()));
        Checker[] basic = {
                stats(noOk),
                relaxable(faultsInjected(), Expect.relaxed(relaxed, Expect.Relaxes.FAILED_FAULTS)),
                relaxable(clientsOpened(), Expect.relaxed(relaxed, Expect.Relaxes.CLIENT_OPEN_FAILURES)),
                relaxable(probesAnswered(), Expect.relaxed(relaxed, Expect.Relaxes.PROBE_ERRORS))};
        Checker always = Checker.compose("run", basic);
        Checker[] kernel = Arrays.copyOf(basic, basic.length + 1);
        kernel[basic.length] = relaxable(cutsDropped(), Expect.relaxed(relaxed, Expect.Relaxes.IDLE_CUTS));
        Checker withCuts = Checker.compose("run", kernel);
        return new Checker() {
            @Override
            public String name() {
                return "run";
            }

            @Override
            public CheckResult check(RunResult run) throws Exception {
                // A proxied run has no kernel cuts to judge: listing "cuts: valid" there would only be noise.
                return run.events().stream().anyMatch(e -> e.type().equals("kernel-cuts")) ? withCuts.check(run) : always.check(run);
            }
        };
    }

    /**
     * In KERNEL network mode, the run's cuts dropped packets: a {@code kernel-cuts} event (written at
     * the end of every KERNEL-mode run) that names cut links yet counts no dropped packet means the
     * nodes talked past the cuts — over addresses or interfaces the packet filter does not match —
     * so the run's partitions partitioned nothing. VALID where no cut was made or the run is not in
     * KERNEL mode. Judged over the whole run, not per link: in Raft two followers never talk, and a cut
     * between them rightly drops nothing.
     */
    public static Checker cutsDropped() {
        return run -> {
            for (Event e : run.events()) {
                if (!e.type().equals("kernel-cuts")) {
                    continue;
                }
                List<?> links = e.fields().get("links") instanceof List<?> list ? list : List.of();
                int cut = links.size();
                long dropped = links.stream().mapToLong(link -> link instanceof Map<?, ?> m
                        && m.get("dropped-packets") instanceof Number n ? n.longValue() : 0).sum();
                Map<String, Object> details = Map.of("links-cut", cut, "dropped-packets", dropped);
                if (cut > 0 && dropped == 0) {
                    return CheckResult.invalid("cuts", "the run cut " + cut + " links in the kernel, and the cuts dropped not one"
                            + " packet: the nodes talk past them (from an address, interface or network the packet filter does not"
                            + " match), so no partition of this run partitioned anything. If the cut links were idle on purpose,"
                            + " pass Expect.idleCuts()", details);
                }
                return CheckResult.valid("cuts", cut == 0 ? "no link was cut" : "the kernel cuts of " + cut + " links dropped "
                        + dropped + " packets", details);
            }
            return CheckResult.valid("cuts", "no kernel cuts in this run", Map.of());
        };
    }

    private static Checker relaxable(Checker checker, boolean relaxed) {
        if (!relaxed) {
            return checker;
        }
        return run -> {
            CheckResult r = Checker.safely(checker, run);
            return r.isValid() ? r : new CheckResult(r.name(), Verdict.VALID, "relaxed: " + r.summary(), r.details(), r.parts());
        };
    }

    /** The client history is linearizable with respect to {@code model}; UNKNOWN once {@code timeLimit} is spent. */
    public static Checker linearizable(Model<?> model, Duration timeLimit) {
        return run -> {
            try {
                return linearizability(model, LinearizabilityChecker.create().withTimeLimit(timeLimit).check(model, run.history()));
            } catch (HistoryException e) {
                return malformed("linearizability", e);
            }
        };
    }

    static CheckResult linearizability(Model<?> model, LinearizabilityResult result) {
        Map<String, Object> details = Map.of("model", model.name(), "operations", result.operations());
        return switch (result.verdict()) {
            case VALID -> CheckResult.valid("linearizability", "linearizable as a " + model.name(), details);
            case UNKNOWN -> new CheckResult("linearizability", Verdict.UNKNOWN, String.format(
                    "could not decide whether the history of %d operations is linearizable as a %s: %s",
                    result.operations(), model.name(), result.reason()), details, List.of());
            case INVALID -> CheckResult.invalid("linearizability", String.format("the history is not linearizable as a %s (%s)",
                    model.name(), model.description()), details);
        };
    }

    static CheckResult malformed(String name, HistoryException e) {
        return CheckResult.invalid(name, "the recorded history is not well formed: " + e.getMessage(), Map.of());
    }

    /** Jepsen's set checker: every acknowledged {@code :add} is in the final read, and nothing appeared that nobody added. */
    public static Checker lostNoAcknowledgedWrites() {
        return run -> {
            DurabilityResult result;
            try {
                result = SetChecker.check(run.history());
            } catch (HistoryException e) {
                return malformed("durability", e);
            }
            Map<String, Object> details = Map.of("lost", result.lost(), "unexpected", result.unexpected(),
                    "acknowledged", result.acknowledgedCount());
            return new CheckResult("durability", result.verdict(), result.summary(), details, List.of());
        };
    }

    /** Failure detection judged by {@code checker}; INVALID when a live peer was suspected. */
    public static Checker detection(DetectionChecker checker) {
        return run -> {
            DetectionReport report = checker.check(DetectionTimeline.of(run));
            Map<String, Object> details = Map.of("mistakes", report.mistakes().size(),
                    "undetected", report.detection().undetected());
            return report.mistakes().isEmpty()
                    ? CheckResult.valid("detection", report.summary(), details)
                    : CheckResult.invalid("detection", report.summary(), details);
        };
    }
}
