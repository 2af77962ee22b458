package io.faultline.harness.internal;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Event;
import io.faultline.harness.Fault;
import io.faultline.harness.Nemesis;
import io.faultline.harness.Node;
import io.faultline.harness.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Plays a {@link Schedule}: phases in order, faults drawn from the seeded random source, every
 * phase and fault an event. Faults may overlap; each ends at its own time, on its own thread,
 * undoing its own effect — so a restart that waits for a cut to heal does not hold back that heal. A
 * fault is injected only once every end under way has finished, and a faults phase is over once
 * every one of its faults has ended.
 * A nemesis that fails to inject or end (no leader right now, say) is recorded as a
 * {@code fault-error} and the schedule goes on; the run's checks then fail it unless the test expects it.
 */
final class ScheduleRunner {
    private final ChaosRun context;
    private final Recorder recorder;
    private final Random random;
    private final Set<Nemesis> setUp = new LinkedHashSet<>();
    private final List<Active> active = new ArrayList<>();
    /** Ends under way: each fault ends on its own thread, so a restart that waits for a cut to heal does not hold back that heal. */
    private final List<Thread> ending = new ArrayList<>();
    private final RunPhase phase;
    private int faults;

    /** A fault in effect, and when the schedule ends it. */
    private record Active(int id, Fault fault, long endAt) {
    }

    ScheduleRunner(ChaosRun context, Recorder recorder, long seed, RunPhase phase) {
        this.context = context;
        this.recorder = recorder;
        this.random = new Random(seed);
        this.phase = phase;
    }

    /** Runs every phase up to (not including) the final reads; returns whether the schedule asked for final reads. */
    boolean run(Schedule schedule) throws Exception {
        boolean finalReads = false;
        for (Schedule.Phase p : schedule.phases()) {
            if (p instanceof Schedule.FinalReads) {
                finalReads = true;
                continue;
            }
            phase.set(p.name());
            recorder.event("phase", "phase", p.name());
            if (p instanceof Schedule.WarmUp w) {
                sleep(w.length());
            } else if (p instanceof Schedule.Recovery r) {
                sleep(r.length());
            } else if (p instanceof Schedule.Heal) {
                heal();
            } else if (p instanceof Schedule.Faults f) {
                faults(f);
            }
        }
        return finalReads;
    }

    private void faults(Schedule.Faults p) throws Exception {
        long end = System.nanoTime() + p.length().toNanos();
        long next = System.nanoTime();
        while (System.nanoTime() - end < 0 || !active.isEmpty()) {
            long now = System.nanoTime();
            endDue(now);
            if (next - now <= 0 && now - end < 0) {
                if (ending.stream().anyMatch(Thread::isAlive)) {
                    // the next fault waits for the last ones to have ended (a restart, a settled wait): it starts
                    // from a cluster they left, and does not kill a node that is still starting
                    Thread.sleep(10);
                    continue;
                }
                inject(p.mix().get(random.nextInt(p.mix().size())), p.faultLength(), now);
                // from this injection, not from when it was due: a fault that waited does not bring a burst of catch-ups
                next = now + p.interval().toNanos();
                continue;
            }
            long wake = active.stream().mapToLong(Active::endAt).min().orElse(Long.MAX_VALUE);
            if (now - end < 0) {
                wake = Math.min(wake, Math.min(next, end));
            }
            if (wake != Long.MAX_VALUE) {
                sleepUntil(wake);
            }
        }
        awaitEnds();
    }

    /** Waits until every fault whose end was issued has ended (or failed to, recorded as a fault-error). */
    private void awaitEnds() throws InterruptedException {
        for (Thread t : ending) {
            t.join();
        }
        ending.clear();
    }

    private void endDue(long now) {
        List<Active> due = active.stream().filter(a -> a.endAt() - now <= 0).sorted(Comparator.comparingLong(Active::endAt)).toList();
        for (Active a : due) {
            active.remove(a);
            Thread t = new Thread(() -> end(a), "faultline-end-fault-" + a.id());
            t.setDaemon(true);
            t.start();
            ending.add(t);
        }
        if (active.isEmpty()) {
            phase.noFault();
        }
    }

    private void inject(Nemesis nemesis, Duration length, long dueAt) {
        int id = ++faults;
        try {
            if (setUp.add(nemesis)) {
                nemesis.setUp(context);
            }
            long start = context.clock().nanos();
            Fault fault = nemesis.inject(context, random);
            // from when it was due, as the next injection is: with a fault as long as the interval, its end
            // falls due together with the next fault, is issued first, and the next fault waits for it (a
            // pause drawn for the node a kill still holds down would find no process to pause)
            long endAt = dueAt + length.toNanos();
            List<Fault> parts = fault instanceof Fault.Together t ? t.parts() : List.of(fault);
            for (int i = 0; i < parts.size(); i++) {
                int partId = i == 0 ? id : ++faults;
                Fault part = parts.get(i);
                recorder.event(new Event(start, "fault-start", startFields(partId, part, nemesis)));
                active.add(new Active(partId, part, endAt));
            }
            phase.faultInPlace(context.clock().nanos());
        } catch (Exception e) {
            recorder.event("fault-error", "id", id, "nemesis", nemesis.name(), "error", String.valueOf(e.getMessage()));
        }
    }

    /** What {@code events.jsonl} says of a fault: its id and kind, and its typed effect as fields. */
    private static Map<String, Object> startFields(int id, Fault fault, Nemesis nemesis) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", id);
        f.put("kind", fault.kind());
        f.put("nemesis", nemesis.name());
        f.put("nodes", fault.nodes());
        f.put("details", fault.details());
        f.putAll(effectFields(fault.effect()));
        return f;
    }

    static Map<String, Object> effectFields(Fault.Effect effect) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("effect", effect.name());
        if (effect instanceof Fault.Partitioned p) {
            f.put("components", p.components());
        } else if (effect instanceof Fault.Cut c) {
            f.put("links", c.links().stream().map(Fault.Link::asList).toList());
        } else if (effect instanceof Fault.Degraded d) {
            f.put("links", d.links().stream().map(Fault.Link::asList).toList());
        }
        return f;
    }

    private void end(Active a) {
        // Stamped when the end is issued: a restart's readiness is its own node-ready event.
        long at = context.clock().nanos();
        try {
            a.fault().end();
            recorder.event(Event.of(at, "fault-end", "id", a.id(), "kind", a.fault().kind(), "nodes", a.fault().nodes(),
                    "effect", a.fault().effect().name()));
        } catch (Exception e) {
            recorder.event("fault-error", "id", a.id(), "kind", a.fault().kind(), "error", "ending: " + e.getMessage());
        }
    }

    private void endAll() {
        try {
            awaitEnds();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Active a : List.copyOf(active)) {
            active.remove(a);
            end(a);
        }
        phase.noFault();
    }

    /** Ends every fault, then restores the network and brings back every node that is down or paused. */
    void heal() {
        endAll();
        context.network().heal();
        List<Node> nodes = new ArrayList<>(context.cluster().nodes());
        for (Node node : nodes) {
            if (node.state() == Node.State.PAUSED) {
                node.resume();
            }
        }
        for (Node node : nodes) {
            if (node.state() == Node.State.DOWN) {
                node.restart();
            }
        }
    }

    void tearDown() {
        endAll();
        for (Nemesis nemesis : setUp) {
            try {
                nemesis.tearDown(context);
            } catch (Exception e) {
                recorder.event("fault-error", "nemesis", nemesis.name(), "error", "tear-down: " + e.getMessage());
            }
        }
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
