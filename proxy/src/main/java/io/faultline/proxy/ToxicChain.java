package io.faultline.proxy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The toxics of one link, in insertion order, with the chunks each still holds. Time-driven and
 * free of I/O and locking: its {@link Link} feeds it chunks, calls {@link #advance} at the times it
 * asks for, and writes out what reaches the end.
 *
 * <p>Changes apply to held data at once: a removed stage hands its queue to the next one (so a
 * removed latency or bandwidth toxic releases what it held immediately, and nothing is reordered),
 * and an updated stage recomputes its timing from its new attributes. As in Toxiproxy, each toxic's
 * toxicity is drawn per link when it starts, and drawn again when it is updated or when the toxic
 * right after it is added or removed.
 */
final class ToxicChain {
    private final List<Stage> stages = new ArrayList<>();
    private final ArrayDeque<Chunk> output = new ArrayDeque<>();
    private final RandomGenerator random;
    private long queuedCost;
    private boolean abortRequested;

    ToxicChain(Collection<Toxic> toxics, RandomGenerator random, long now) {
        this.random = random;
        for (Toxic toxic : toxics) {
            stages.add(newStage(toxic, now));
        }
        relink();
    }

    /** Appends a toxic; the one that was last restarts (and is redrawn), as in Toxiproxy. */
    void add(Toxic toxic, long now) {
        if (!stages.isEmpty()) {
            restart(stages.get(stages.size() - 1), now);
        }
        stages.add(newStage(toxic, now));
        relink();
    }

    /** Gives a toxic new attributes or toxicity; {@code redraw} restarts it with a fresh toxicity draw. */
    void update(Toxic toxic, boolean redraw, long now) {
        Stage stage = stages.get(indexOf(toxic.name()));
        stage.toxic = toxic;
        if (redraw) {
            restart(stage, now);
        }
    }

    void remove(String name, long now) {
        int i = indexOf(name);
        Stage stage = stages.get(i);
        stage.removed();
        if (stage.finished) {
            discard(stage.input);
        } else {
            while (!stage.input.isEmpty()) {
                stage.out.emit(stage.input.poll());
            }
        }
        stages.remove(i);
        relink();
        if (i > 0) {
            restart(stages.get(i - 1), now);
        }
    }

    /** A chunk read from the link's source, or its end of stream. */
    void offer(Chunk chunk) {
        queuedCost += chunk.cost();
        if (stages.isEmpty()) {
            output.add(chunk);
        } else {
            stages.get(0).input.add(chunk);
        }
    }

    /**
     * Lets every stage pass on what is due at {@code now}, front to back, so a chunk can cross
     * several stages in one call.
     *
     * @return the next time something will be due without new input, or {@link Stage#NEVER}
     */
    long advance(long now) {
        long wake = Stage.NEVER;
        for (Stage stage : stages) {
            if (stage.finished) {
                discard(stage.input);
            } else if (!stage.active) {
                while (!stage.input.isEmpty()) {
                    stage.out.emit(stage.input.poll());
                }
            } else {
                wake = Math.min(wake, stage.step(now));
            }
        }
        return wake;
    }

    /** Moves what has passed every stage into {@code into}, in order; an end of stream may be among it. */
    void drainOutput(Collection<Chunk> into) {
        while (!output.isEmpty()) {
            Chunk chunk = output.poll();
            queuedCost -= chunk.cost();
            into.add(chunk);
        }
    }

    /** Bytes (plus per-read overhead) held anywhere in the chain, for back-pressure. */
    long queuedCost() {
        return queuedCost;
    }

    /** A stage asked for the connection to be reset. */
    boolean abortRequested() {
        return abortRequested;
    }

    /** False when a plain copy loop would do exactly what this chain does: nothing held, nothing active. */
    boolean needsPipeline() {
        if (!output.isEmpty()) {
            return true;
        }
        for (Stage stage : stages) {
            if (stage.active || !stage.input.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private Stage newStage(Toxic toxic, long now) {
        Stage stage = toxic.type().newStage();
        stage.toxic = toxic;
        stage.random = random;
        stage.out = new Port(stage);
        restart(stage, now);
        return stage;
    }

    private void restart(Stage stage, long now) {
        if (!stage.committed()) {
            stage.active = random.nextFloat() < stage.toxic.toxicity();
        }
        stage.restart(now);
    }

    private int indexOf(String name) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).toxic.name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no toxic " + name + " on this link");
    }

    private void relink() {
        for (int i = 0; i < stages.size(); i++) {
            ((Port) stages.get(i).out).next = i + 1 < stages.size() ? stages.get(i + 1) : null;
        }
    }

    private void discard(ArrayDeque<Chunk> queue) {
        while (!queue.isEmpty()) {
            queuedCost -= queue.poll().cost();
        }
    }

    /** Connects a stage to the next one, or to the chain's output for the last. */
    private final class Port implements Stage.StageOutput {
        private final Stage owner;
        private Stage next;

        Port(Stage owner) {
            this.owner = owner;
        }

        @Override
        public void emit(Chunk chunk) {
            if (next == null) {
                output.add(chunk);
            } else {
                next.input.add(chunk);
            }
        }

        @Override
        public void drop(Chunk chunk) {
            queuedCost -= chunk.cost();
        }

        @Override
        public void end() {
            emit(Chunk.endOfStream(0));
            owner.finished = true;
            discard(owner.input);
        }

        @Override
        public void abort() {
            abortRequested = true;
        }
    }
}
