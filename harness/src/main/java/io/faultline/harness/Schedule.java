package io.faultline.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When faults happen: phases run in order, and every draw (which nemesis, which nodes) comes from
 * the run's seed. A seed fixes the schedule, not the cluster's timing: the same seed injects the same
 * faults at the same offsets, but a real cluster answers differently each time.
 *
 * <pre>{@code
 * Schedule.builder()
 *         .warmUp(Duration.ofSeconds(3))
 *         .faults(Duration.ofSeconds(20), Duration.ofSeconds(4), Duration.ofSeconds(2), Nemeses.kill(), Nemeses.pause())
 *         .heal()
 *         .recovery(Duration.ofSeconds(5))
 *         .finalReads()
 *         .build();
 * }</pre>
 */
public record Schedule(List<Phase> phases) {

    public Schedule {
        phases = List.copyOf(phases);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Refuses a schedule with a nemesis that cannot act in {@code mode} — latency in {@code KERNEL}
     * mode, say — naming the nemesis and the mode that can, so that no fault is ever silently skipped.
     * A run checks its schedule against its cluster's mode before it starts; {@link Builder#forNetwork}
     * checks at build time.
     */
    public Schedule requireMakeableIn(NetworkMode mode) {
        for (Phase phase : phases) {
            if (phase instanceof Faults faults) {
                for (Nemesis nemesis : faults.mix()) {
                    if (!nemesis.networkModes().contains(mode)) {
                        throw new IllegalArgumentException("the schedule's nemesis " + nemesis.name() + " cannot act in " + mode
                                + " network mode: " + mode.refusal("nemesis " + nemesis.name()) + " (it acts in " + nemesis.networkModes() + ")");
                    }
                }
            }
        }
        return this;
    }

    /** A step of the schedule. */
    public sealed interface Phase {
        /** A name for events and reports. */
        String name();
    }

    /** The workload runs with no faults. */
    public record WarmUp(Duration length) implements Phase {
        public String name() {
            return "warm-up";
        }
    }

    /**
     * For {@code length}, every {@code interval} one fault drawn from {@code mix} starts and lasts
     * {@code faultLength}, then ends — on its own, undoing only its effect. A fault longer than the
     * interval overlaps the next: a kill during a partition, two partitions of different links.
     */
    public record Faults(Duration length, Duration interval, Duration faultLength, List<Nemesis> mix) implements Phase {
        public Faults {
            mix = List.copyOf(mix);
            if (mix.isEmpty()) {
                throw new IllegalArgumentException("a faults phase needs at least one nemesis");
            }
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("faults start every " + interval + "; give a positive interval");
            }
        }

        public String name() {
            return "faults";
        }
    }

    /**
     * Ends every fault still active, each undoing its own effect; then, for whatever a fault left
     * behind, heals the whole network, resumes paused and restarts killed nodes.
     */
    public record Heal() implements Phase {
        public String name() {
            return "heal";
        }
    }

    /** The workload runs on after healing, to measure how long service takes to recover. */
    public record Recovery(Duration length) implements Phase {
        public String name() {
            return "recovery";
        }
    }

    /** The workload stops, and every process performs the workload's final read. */
    public record FinalReads() implements Phase {
        public String name() {
            return "final-reads";
        }
    }

    /** Builds a schedule phase by phase. */
    public static final class Builder {
        private final List<Phase> phases = new ArrayList<>();
        private NetworkMode mode;

        /** The network mode of the cluster the schedule is for: {@link #build} refuses nemeses that cannot act in it. */
        public Builder forNetwork(NetworkMode networkMode) {
            this.mode = Objects.requireNonNull(networkMode);
            return this;
        }

        public Builder warmUp(Duration length) {
            phases.add(new WarmUp(Objects.requireNonNull(length)));
            return this;
        }

        public Builder faults(Duration length, Duration interval, Duration faultLength, Nemesis... mix) {
            phases.add(new Faults(length, interval, faultLength, List.of(mix)));
            return this;
        }

        public Builder heal() {
            phases.add(new Heal());
            return this;
        }

        public Builder recovery(Duration length) {
            phases.add(new Recovery(Objects.requireNonNull(length)));
            return this;
        }

        public Builder finalReads() {
            phases.add(new FinalReads());
            return this;
        }

        public Schedule build() {
            Schedule schedule = new Schedule(phases);
            return mode == null ? schedule : schedule.requireMakeableIn(mode);
        }
    }
}
