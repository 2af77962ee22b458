package io.faultline.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Boots a cluster without JUnit: what {@link ChaosTest} does before each test, as a plain call.
 *
 * <pre>{@code
 * try (ChaosRunHandle run = ChaosRuns.start(ZooKeeperCluster.ensemble(3), RunOptions.defaults())) {
 *     RunResult result = run.execute(workload, schedule);
 *     RunAssert.assertThat(result).isLinearizable(CasRegister.casRegister(0L));
 * }
 * }</pre>
 *
 * The run directory gets {@code seed}, {@code rerun.txt}, {@code cluster.json}, {@code events.jsonl},
 * {@code history.jsonl}, every node's log and files, and at close {@code history.edn}.
 */
public final class ChaosRuns {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ChaosRuns() {
    }

    /**
     * Chooses the backend, boots {@code spec} on it with every link behind its own proxy, starts the
     * cluster's detection probes, and returns once every node is healthy. Prints the seed, the
     * backend, the run directory and the rerun command.
     *
     * @throws IllegalStateException when the cluster does not boot, saying why and where its node
     *     logs are; nothing the run started is left
     */
    public static ChaosRunHandle start(ClusterSpec spec, RunOptions options) throws Exception {
        return startRun(spec, options);
    }

    /** {@link #start}, typed for the extension, which also reads what the run recorded for {@code result.json}. */
    static StartedChaosRun startRun(ClusterSpec spec, RunOptions options) throws Exception {
        long seed = options.seed().orElseGet(ChaosRuns::randomSeed);
        Path directory = options.directory().orElseGet(() -> defaultDirectory(spec)).toAbsolutePath();
        Files.createDirectories(directory);
        RunClock clock = RunClock.start();
        String runId = directory.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);

        Recorder recorder = new Recorder(directory, clock);
        StartedChaosRun started = new StartedChaosRun(recorder);
        try {
            Backend backend = Backends.choose(options.backend());
            started.backend(backend);
            String rerun = rerunCommand(options, seed, backend.name());
            System.out.println("faultline: " + options.testName().orElse("cluster " + spec.name()) + " — seed " + seed
                    + ", backend " + backend.name() + ", run directory " + directory + "\nfaultline: rerun with: " + rerun);
            Files.writeString(directory.resolve("seed"), seed + "\n");
            Files.writeString(directory.resolve("rerun.txt"), rerun + "\n");
            JSON.writeValue(directory.resolve("cluster.json").toFile(), ClusterDescription.of(spec));

            recorder.event("phase", "phase", "boot", "backend", backend.name(), "seed", seed);
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
            started.booted(new DefaultChaosRun(cluster, recorder, seed, directory, rerun), bootTime);
            started.startProbes(spec.detectionProbes());
            return started;
        } catch (Exception | Error e) {
            try {
                started.close();
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
     */
    private static String rerunCommand(RunOptions options, long seed, String backend) {
        if (options.testName().isEmpty()) {
            return "ChaosRuns.start(spec, RunOptions.defaults().withSeed(" + seed + ").withBackend(\"" + backend + "\"))";
        }
        Path here = Paths.get("").toAbsolutePath();
        Path top = here;
        while (top.getParent() != null && Files.exists(top.getParent().resolve("pom.xml"))) {
            top = top.getParent();
        }
        String module = top.equals(here) ? "" : " -pl " + top.relativize(here);
        // Surefire selects a nested class by its binary name, Outer$Inner, which a shell must not expand.
        String test = "-Dtest=" + options.testName().get();
        return "mvn verify -Pchaos" + module + " " + (test.contains("$") ? "'" + test + "'" : test)
                + " -Dfaultline.seed=" + seed + " -Dfaultline.backend=" + backend;
    }
}
