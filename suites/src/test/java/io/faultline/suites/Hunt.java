package io.faultline.suites;

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
 */
public final class Hunt {
    private final String name;
    private final String testName;
    private final ClusterSpec cluster;
    private final Supplier<Workload> workload;
    private final Supplier<Schedule> schedule;
    private final Model<?> model;

    public Hunt(String name, String testName, ClusterSpec cluster, Supplier<Workload> workload, Supplier<Schedule> schedule,
            Model<?> model) {
        this.name = name;
        this.testName = testName;
        this.cluster = cluster;
        this.workload = workload;
        this.schedule = schedule;
        this.model = model;
    }

    /** One run's outcome. */
    public record Outcome(long seed, String backend, Path directory, long okReads, String verdict, String detail) {
        public boolean caught() {
            return verdict.equals("not linearizable");
        }
    }

    /**
     * Runs the hunt, writes its table, and returns every run's outcome; each run is asserted
     * meaningful (a fault of {@code faultKind}, or of any kind when null, and ok reads).
     */
    public List<Outcome> run(long firstSeed, int defaultRuns, String faultKind) throws Exception {
        int runs = Integer.getInteger("faultline.hunt.runs", defaultRuns);
        String givenSeed = System.getProperty("faultline.seed", "").trim();
        long first = givenSeed.isEmpty() ? firstSeed : Long.parseLong(givenSeed);
        Path base = Paths.get(System.getProperty("faultline.dir", "target/faultline")).toAbsolutePath();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long seed = first + i;
            RunOptions options = RunOptions.defaults().withSeed(seed).withTestName(testName)
                    .withBackend(System.getProperty("faultline.backend", ""))
                    .withDirectory(base.resolve("hunts").resolve(name).resolve("seed-" + seed));
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
                outcomes.add(new Outcome(seed, handle.backend(), result.directory(), okReads(result), verdict, detail));
                System.out.printf(Locale.ROOT, "faultline: hunt %s run %d of %d (seed %d): %s %s%n", name, i + 1, runs, seed,
                        verdict, detail);
            }
        }
        write(base.resolve("hunts").resolve(name + ".md"), outcomes);
        return outcomes;
    }

    private void write(Path file, List<Outcome> outcomes) throws IOException {
        StringBuilder md = new StringBuilder("## Hunt: " + name + "\n\n");
        long caught = outcomes.stream().filter(Outcome::caught).count();
        md.append(String.format(Locale.ROOT, "%d of %d runs not linearizable. Replay one: `mvn verify -Pchaos,chaos-soak -pl suites"
                + " -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=%s -Dfaultline.hunt.runs=1 -Dfaultline.seed=SEED"
                + " -Dfaultline.backend=BACKEND`%n%n", caught, outcomes.size(), testName));
        md.append("| seed | backend | ok reads | verdict | counterexample | run directory |\n|---:|---|---:|---|---|---|\n");
        for (Outcome o : outcomes) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %s | %s | %s |%n", o.seed(), o.backend(), o.okReads(),
                    o.verdict(), o.detail().replace("|", "\\|"), o.directory()));
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
        System.out.println(md + "(written to " + file + ")");
    }

    private static long okReads(RunResult result) {
        return result.history().ops().stream()
                .filter(op -> !op.isNemesis() && op.type() == OpType.OK && op.f().equals("read")).count();
    }
}
