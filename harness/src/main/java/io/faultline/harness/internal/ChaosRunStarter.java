package io.faultline.harness.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.RunClock;
import io.faultline.harness.RunOptions;
import io.faultline.harness.backend.Backend;
import io.faultline.harness.ChaosRunFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Boots a run for {@link ChaosRun#start}: what {@link io.faultline.harness.ChaosTest} does before each test. */
public final class ChaosRunStarter implements ChaosRunFactory {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public ChaosRun start(ClusterSpec spec, RunOptions options) throws Exception {
        long seed = options.seed().orElseGet(ChaosRunStarter::randomSeed);
        Path directory = options.directory().orElseGet(() -> defaultDirectory(spec)).toAbsolutePath();
        Files.createDirectories(directory);
        RunClock clock = RunClock.start();
        String runId = directory.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);

        Recorder recorder = new Recorder(directory, clock);
        Backend backend;
        try {
            backend = Backends.choose(options.backend());
        } catch (RuntimeException e) {
            recorder.close();
            throw e;
        }
        String rerun = rerunCommand(options, seed, backend.name(), Paths.get(""));
        RunningChaosRun run = new RunningChaosRun(recorder, seed, directory, rerun);
        try {
            run.backend(backend);
            System.out.println("faultline: " + options.testName().orElse("cluster " + spec.name()) + " — seed " + seed
                    + ", backend " + backend.name() + ", run directory " + directory + "\nfaultline: rerun with: " + rerun);
            Files.writeString(directory.resolve("seed"), seed + "\n");
            Files.writeString(directory.resolve("rerun.txt"), rerun + "\n");
            JSON.writeValue(directory.resolve("cluster.json").toFile(), ClusterDescription.of(spec));

            // origin-nanotime: the System.nanoTime() of the run's zero, so that a report can place node-log
            // lines stamped with a node's own nanoTime (same host, same CLOCK_MONOTONIC) on the run's clock
            recorder.event("phase", "phase", "boot", "backend", backend.name(), "seed", seed,
                    "origin-nanotime", recorder.clock().originNanoTime());
            long boot = System.nanoTime();
            RunningCluster cluster;
            try {
                cluster = RunningCluster.boot(spec, backend, runId, directory, recorder);
            } catch (Exception e) {
                throw new IllegalStateException("cluster " + spec.name() + " did not boot on the " + backend.name()
                        + " backend: " + e.getMessage() + "\nfaultline: node logs and events are in " + directory, e);
            }
            Duration bootTime = Duration.ofNanos(System.nanoTime() - boot);
            recorder.event("phase", "phase", "ready", "boot-millis", bootTime.toMillis());
            run.booted(cluster, bootTime);
            run.startProbes(spec.detectionProbes());
            return run;
        } catch (Exception | Error e) {
            try {
                run.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static long randomSeed() {
        return ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
    }

    /** {@code target/faultline/<cluster>/<timestamp>}, under the working directory. */
    private static Path defaultDirectory(ClusterSpec spec) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        return Paths.get("target", "faultline", spec.name(), stamp);
    }

    /**
     * With a test name, the Maven command that runs that test with this seed and backend, from the
     * top of the build; without one, the call that starts the run again.
     *
     * <p>In a multi-module build the command names the test's module and builds the modules it
     * depends on with it ({@code -am}): on a fresh clone nothing of the build is installed, and
     * {@code -pl} alone would look for the siblings in the local repository (or, worse, find stale
     * ones there). The test filter then reaches those modules too, which have no such test, hence
     * {@code -Dsurefire.failIfNoSpecifiedTests=false}.
     */
    static String rerunCommand(RunOptions options, long seed, String backend, Path workingDirectory) {
        if (options.testName().isEmpty()) {
            return "ChaosRun.start(spec, RunOptions.defaults().withSeed(" + seed + ").withBackend(\"" + backend + "\"))";
        }
        Path here = workingDirectory.toAbsolutePath().normalize();
        Path top = here;
        while (top.getParent() != null && Files.exists(top.getParent().resolve("pom.xml"))) {
            top = top.getParent();
        }
        String module = top.equals(here) ? "" : " -pl " + top.relativize(here) + " -am";
        // Surefire selects a nested class by its binary name, Outer$Inner, which a shell must not expand.
        String test = "-Dtest=" + options.testName().get();
        return "mvn verify -Pchaos" + module + " " + (test.contains("$") ? "'" + test + "'" : test)
                + (module.isEmpty() ? "" : " -Dsurefire.failIfNoSpecifiedTests=false")
                + " -Dfaultline.seed=" + seed + " -Dfaultline.backend=" + backend;
    }
}
