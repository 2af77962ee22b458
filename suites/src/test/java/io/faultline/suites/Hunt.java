package io.faultline.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.OpType;
import io.faultline.checkers.model.Model;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.RunAssert;
import io.faultline.harness.RunOptions;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Many runs of one scenario, for an anomaly that is rare or only documented as possible: each run
 * is checked, and a table of seeds and verdicts goes to {@code target/faultline/hunts/<name>.md}, so
 * that "not found in N runs" is a figure with its seeds rather than a feeling. Runs {@code
 * faultline.hunt.runs} times (default {@code defaultRuns}); seeds are {@code faultline.seed} (else
 * {@code firstSeed}), then one more each run, so that any run can be replayed alone with its seed
 * and {@code -Dfaultline.hunt.runs=1}.
 *
 * <p>A test that expects an anomaly ({@link #expectCaught}) runs until one run is caught or its
 * bounded number of runs is spent, and then fails saying so: one run of a real cluster sometimes
 * misses what a documented unsafe mode allows (the timing is the cluster's, not the seed's), and a
 * test that passed or failed on that luck would say nothing either way.
 */
public final class Hunt {
    private final String name;
    private final String testName;
    private final ClusterSpec cluster;
    private final Supplier<Workload> workload;
    private final Supplier<Schedule> schedule;
    private final Model<?> model;
    private final String backend;

    public Hunt(String name, String testName, ClusterSpec cluster, Supplier<Workload> workload, Supplier<Schedule> schedule,
            Model<?> model) {
        this.name = name;
        this.testName = testName;
        this.cluster = cluster;
        this.workload = workload;
        this.schedule = schedule;
        this.model = model;
        this.backend = "";
    }

    private Hunt(Hunt hunt, String backend) {
        this.name = hunt.name;
        this.testName = hunt.testName;
        this.cluster = hunt.cluster;
        this.workload = hunt.workload;
        this.schedule = hunt.schedule;
        this.model = hunt.model;
        this.backend = backend;
    }

    /** Every run on {@code backendName} ({@code process} or {@code docker}), whatever {@code faultline.backend} says. */
    public Hunt onBackend(String backendName) {
        return new Hunt(this, backendName);
    }

    /** One run's outcome. */
    public record Outcome(long seed, String backend, Path directory, long okReads, String verdict, String detail) {
        static final String FAILED = "run failed";

        public boolean caught() {
            return verdict.equals("not linearizable");
        }

        /** The run itself failed (the cluster did not boot, the run proved nothing): it neither found nor missed anything. */
        public boolean failed() {
            return verdict.equals(FAILED);
        }
    }

    /**
     * Runs the hunt, writes its table, and returns every run's outcome; each run is asserted
     * meaningful (a fault of {@code faultKind}, or of any kind when null, and ok reads).
     */
    public List<Outcome> run(long firstSeed, int defaultRuns, String faultKind) throws Exception {
        List<Outcome> outcomes = runs(firstSeed, defaultRuns, faultKind, false);
        requireNoneFailed(outcomes, write(outcomes));
        return outcomes;
    }

    /**
     * Runs until one run is not linearizable — {@code anomaly}, what the unsafe mode is expected to show
     * — or {@code maxRuns} runs ({@code faultline.hunt.runs} overrides it) found none, which fails
     * naming every seed tried. The caught run's counterexample is in its {@code linearizability.json}.
     */
    public Outcome expectCaught(String anomaly, long firstSeed, int maxRuns, String faultKind) throws Exception {
        List<Outcome> outcomes = runs(firstSeed, maxRuns, faultKind, true);
        Path table = write(outcomes);
        requireNoneFailed(outcomes, table);
        Outcome last = outcomes.get(outcomes.size() - 1);
        if (!last.caught()) {
            StringBuilder tried = new StringBuilder();
            for (Outcome o : outcomes) {
                tried.append(String.format(Locale.ROOT, "%n  seed %d (%s): %s, %d ok reads, %s", o.seed(), o.backend(), o.verdict(),
                        o.okReads(), o.directory()));
            }
            throw new AssertionError(String.format(Locale.ROOT, "expected %s, but none was found in %d runs of %s, the bound this"
                    + " test sets: each run's history was checked as a %s and none was caught:%s%n  table: %s%n  a longer hunt:"
                    + " -Dfaultline.hunt.runs=N (seeds go on from %d)", anomaly, outcomes.size(), name, model.name(), tried, table,
                    outcomes.get(0).seed()));
        }
        assertThat(last.directory().resolve("linearizability.json")).content()
                .contains("\"valid\" : false")
                .contains("\"counterexample\"");
        System.out.printf(Locale.ROOT, "faultline: %s caught, as it should be, in run %d of at most %d (seed %d): %s%n  run: %s%n",
                anomaly, outcomes.size(), Integer.getInteger("faultline.hunt.runs", maxRuns), last.seed(), last.detail(),
                last.directory());
        return last;
    }

    private List<Outcome> runs(long firstSeed, int defaultRuns, String faultKind, boolean untilCaught) throws Exception {
        int runs = Integer.getInteger("faultline.hunt.runs", defaultRuns);
        if (runs < 1) {
            throw new IllegalArgumentException("faultline.hunt.runs must be at least 1, got " + runs);
        }
        String givenSeed = System.getProperty("faultline.seed", "").trim();
        long first = givenSeed.isEmpty() ? firstSeed : Long.parseLong(givenSeed);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Outcome outcome = once(first + i, faultKind);
            outcomes.add(outcome);
            System.out.printf(Locale.ROOT, "faultline: hunt %s run %d of %d (seed %d): %s %s%n", name, i + 1, runs, outcome.seed(),
                    outcome.verdict(), outcome.detail());
            if (untilCaught && outcome.caught()) {
                break;
            }
        }
        return outcomes;
    }

    /**
     * After the table is written: a run that failed (a cluster that did not boot, a run that proved
     * nothing) fails the hunt, naming it, once every other run has had its turn — a hunt of many
     * seeds is not lost to one bad boot, nor passed over it.
     */
    private void requireNoneFailed(List<Outcome> outcomes, Path table) {
        List<Outcome> failed = outcomes.stream().filter(Outcome::failed).toList();
        if (failed.isEmpty()) {
            return;
        }
        StringBuilder which = new StringBuilder();
        for (Outcome o : failed) {
            which.append(String.format(Locale.ROOT, "%n  seed %d: %s (%s)", o.seed(), o.detail(), o.directory()));
        }
        throw new AssertionError(String.format(Locale.ROOT, "%d of %d runs of hunt %s failed, so they found nothing either way:%s"
                + "%n  table: %s", failed.size(), outcomes.size(), name, which, table));
    }

    private Outcome once(long seed, String faultKind) throws Exception {
        String backendName = backend.isEmpty() ? System.getProperty("faultline.backend", "") : backend;
        Path directory = base().resolve("hunts").resolve(name).resolve("seed-" + seed);
        try {
            return checked(seed, faultKind, RunOptions.defaults().withSeed(seed).withTestName(testName).withBackend(backendName)
                    .withDirectory(directory));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | AssertionError e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
            return new Outcome(seed, backendName.isEmpty() ? "auto" : backendName, directory, 0, Outcome.FAILED, reason);
        }
    }

    private Outcome checked(long seed, String faultKind, RunOptions options) throws Exception {
        try (ChaosRun handle = ChaosRun.start(cluster, options)) {
            RunResult result = handle.execute(workload.get(), schedule.get());
            Anomalies.assertMeaningful(result, faultKind);
            String verdict;
            String detail = "";
            try {
                RunAssert.assertThat(result).isLinearizable(model);
                verdict = "linearizable";
            } catch (AssertionError e) {
                boolean invalid = e.getMessage().contains("cannot linearize");
                verdict = invalid ? "not linearizable" : "unknown";
                detail = e.getMessage().lines().filter(l -> l.contains("cannot linearize") || l.contains("could not decide"))
                        .findFirst().orElse("").trim();
            }
            return new Outcome(seed, handle.backend(), result.directory(), okReads(result), verdict, detail);
        }
    }

    private static Path base() {
        return Paths.get(System.getProperty("faultline.dir", "target/faultline")).toAbsolutePath();
    }

    private Path write(List<Outcome> outcomes) throws IOException {
        Path file = base().resolve("hunts").resolve(name + ".md");
        StringBuilder md = new StringBuilder("## Hunt: " + name + "\n\n");
        long caught = outcomes.stream().filter(Outcome::caught).count();
        md.append(String.format(Locale.ROOT, "%d of %d runs not linearizable. Replay one: `mvn verify -Pchaos -pl suites"
                + " -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=%s -Dfaultline.hunt.runs=1 -Dfaultline.seed=SEED"
                + " -Dfaultline.backend=BACKEND` (`-Pchaos,chaos-soak` for a test tagged soak)%n%n", caught, outcomes.size(), testName));
        md.append("| seed | backend | ok reads | verdict | counterexample | run directory |\n|---:|---|---:|---|---|---|\n");
        for (Outcome o : outcomes) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %s | %s | %s |%n", o.seed(), o.backend(), o.okReads(),
                    o.verdict(), o.detail().replace("|", "\\|"), o.directory()));
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
        System.out.println(md + "(written to " + file + ")");
        return file;
    }

    private static long okReads(RunResult result) {
        return result.history().ops().stream()
                .filter(op -> !op.isNemesis() && op.type() == OpType.OK && op.f().equals("read")).count();
    }
}
