package io.faultline.harness.internal;

import io.faultline.harness.Node;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Event;
import io.faultline.harness.Fault;
import io.faultline.harness.Nemesis;
import io.faultline.harness.Schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Plays a {@link Schedule}: phases in order, faults drawn from the seeded random source, every
 * phase and fault an event. A nemesis that fails to inject (no leader right now, say) is recorded
 * and skipped; the run goes on.
 */
final class ScheduleRunner {
    private final ChaosRun context;
    private final Recorder recorder;
    private final Random random;
    private final Set<Nemesis> setUp = new LinkedHashSet<>();
    private Fault active;
    private int activeId;
    private int faults;

    ScheduleRunner(ChaosRun context, Recorder recorder, long seed) {
        this.context = context;
        this.recorder = recorder;
        this.random = new Random(seed);
    }

    /** Runs every phase up to (not including) the final reads; returns whether the schedule asked for final reads. */
    boolean run(Schedule schedule) throws Exception {
        boolean finalReads = false;
        for (Schedule.Phase phase : schedule.phases()) {
            if (phase instanceof Schedule.FinalReads) {
                finalReads = true;
                continue;
            }
            recorder.event("phase", "phase", phase.name());
            if (phase instanceof Schedule.WarmUp w) {
                sleep(w.length());
            } else if (phase instanceof Schedule.Recovery r) {
                sleep(r.length());
            } else if (phase instanceof Schedule.Heal) {
                heal();
            } else if (phase instanceof Schedule.Faults f) {
                faults(f);
            }
        }
        return finalReads;
    }

    private void faults(Schedule.Faults phase) throws Exception {
        long end = System.nanoTime() + phase.length().toNanos();
        while (System.nanoTime() - end < 0) {
            long next = System.nanoTime() + phase.interval().toNanos();
            Nemesis nemesis = phase.mix().get(random.nextInt(phase.mix().size()));
            inject(nemesis);
            sleep(phase.faultLength());
            endActive();
            sleepUntil(Math.min(next, end));
        }
    }

    private void inject(Nemesis nemesis) {
        int id = ++faults;
        try {
            if (setUp.add(nemesis)) {
                nemesis.setUp(context);
            }
            long start = context.clock().nanos();
            Fault fault = nemesis.inject(context, random);
            recorder.event(Event.of(start, "fault-start", "id", id, "kind", fault.kind(), "nemesis", nemesis.name(),
                    "nodes", fault.nodes(), "details", fault.details()));
            active = fault;
            activeId = id;
        } catch (Exception e) {
            recorder.event("fault-error", "id", id, "nemesis", nemesis.name(), "error", String.valueOf(e.getMessage()));
        }
    }

    private void endActive() {
        if (active == null) {
            return;
        }
        // Stamped when the end is issued: a restart's readiness is its own node-ready event.
        long at = context.clock().nanos();
        try {
            active.end();
            recorder.event(Event.of(at, "fault-end", "id", activeId, "kind", active.kind(), "nodes", active.nodes()));
        } catch (Exception e) {
            recorder.event("fault-error", "id", activeId, "kind", active.kind(), "error", "ending: " + e.getMessage());
        } finally {
            active = null;
        }
    }

    /** Ends any fault, restores the network, and brings back every node that is down or paused. */
    void heal() {
        endActive();
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
        endActive();
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
