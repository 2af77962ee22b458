package io.faultline.harness;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A run must prove something: {@link ChaosRun#execute} fails, naming the cause, when some kind of
 * operation never completed {@code :ok}, a scheduled fault could not be injected or ended, a
 * faults phase injected nothing, a client could not be opened, a probe errored, or the run's kernel
 * cuts dropped not one packet (Jepsen's
 * {@code stats} checker is the model). An {@code Expect} relaxes one of these, explicitly and in the
 * test, where a reader sees it:
 *
 * <pre>{@code
 * run.execute(workload, schedule, Expect.noOkOperationsFor("cas"));
 * }</pre>
 *
 * Relaxed checks still run and are written to {@code checks.json}, marked relaxed.
 */
public record Expect(Relaxes relaxes, Set<String> operations) {

    /** Which check an {@link Expect} relaxes. */
    public enum Relaxes {
        /** Some kinds of operation may never complete {@code :ok}. */
        NO_OK_OPERATIONS,
        /** A nemesis may fail to inject or end a fault, and a faults phase may inject none. */
        FAILED_FAULTS,
        /** A client factory may fail to open a client. */
        CLIENT_OPEN_FAILURES,
        /** A leader or detection probe may fail. */
        PROBE_ERRORS,
        /** The run's kernel cuts may drop nothing: the links it cut were idle. */
        IDLE_CUTS
    }

    public Expect {
        Objects.requireNonNull(relaxes, "relaxes");
        operations = Set.copyOf(operations);
    }

    /** Operations {@code f} (e.g. {@code "cas"}) may never complete {@code :ok}: the run does not fail for it. */
    public static Expect noOkOperationsFor(String... f) {
        if (f.length == 0) {
            throw new IllegalArgumentException("name the operations that may never succeed, e.g. noOkOperationsFor(\"cas\")");
        }
        return new Expect(Relaxes.NO_OK_OPERATIONS, Set.of(f));
    }

    /** A fault may fail to be injected or ended (a {@code fault-error} event), and a faults phase may inject none. */
    public static Expect failedFaults() {
        return new Expect(Relaxes.FAILED_FAULTS, Set.of());
    }

    /** A client may fail to open (a {@code client-error} event); its process retries. */
    public static Expect clientOpenFailures() {
        return new Expect(Relaxes.CLIENT_OPEN_FAILURES, Set.of());
    }

    /** A leader or detection probe may fail (a {@code probe-error} event). */
    public static Expect probeErrors() {
        return new Expect(Relaxes.PROBE_ERRORS, Set.of());
    }

    /** The run's kernel cuts may drop no packet at all: the links it cuts carry nothing meanwhile. */
    public static Expect idleCuts() {
        return new Expect(Relaxes.IDLE_CUTS, Set.of());
    }

    static boolean relaxed(List<Expect> expects, Relaxes what) {
        return expects.stream().anyMatch(e -> e.relaxes() == what);
    }
}
