package io.faultline.suites.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.RunAssert;
import io.faultline.harness.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The rerun command a chaos test prints replays that test when pasted, as printed, into a fresh
 * clone: a short chaos test runs with a fixed seed, then its {@code rerun.txt} runs in a
 * {@code git clone} of this checkout's commit — nothing built, nothing of ours in the local
 * repository that the command could lean on — and the replayed run must have used that seed and
 * backend, drawn the same faults, and passed. The backend is the one this build runs chaos tests on
 * ({@code -Dfaultline.backend}, else the default choice). Tagged "full": CI replays it in the job
 * that runs {@code -Pchaos,chaos-full} (the Docker backend's), and the printed command of a test
 * tagged full or soak runs it even under plain {@code -Pchaos} (the root POM's replay profile).
 */
@Tag("full")
@Tag("chaos")
class RerunCommandTest {
    private static final long SEED = 20261206;
    private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path scratch;

    @Test
    void thePrintedCommandReplaysTheTestWithItsSeedAndBackendInAFreshClone() throws Exception {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Replayed.class))
                .configurationParameter("faultline.seed", Long.toString(SEED)).execute().testEvents()
                .assertStatistics(stats -> stats.started(1).succeeded(1));
        Path original = Replayed.directory;
        String command = Files.readString(original.resolve("rerun.txt")).strip();
        String backend = field(original, "backend");
        assertThat(command).as("rerun.txt of %s", original)
                .contains("-Dfaultline.seed=" + SEED).contains("-Dfaultline.backend=" + backend);

        Path clone = scratch.resolve("clone");
        String commit = git(Path.of(""), "rev-parse", "HEAD");
        if (!git(Path.of(""), "status", "--porcelain").isEmpty()) {
            System.out.println("faultline: this checkout has uncommitted changes; the clone replays its commit " + commit);
        }
        git(scratch, "clone", "--quiet", "--no-checkout", git(Path.of(""), "rev-parse", "--show-toplevel"), clone.toString());
        git(clone, "checkout", "--quiet", commit);

        Path log = scratch.resolve("replay.log");
        System.out.println("faultline: replaying in " + clone + " (output in " + log + "): " + command);
        int status = run(new ProcessBuilder("bash", "-c", command).directory(clone.toFile()), log);
        assertThat(status).as("exit status of `%s` in a fresh clone; its output ends:%n%s", command, tail(log)).isZero();

        Path replayed = onlyRunDirectory(clone.resolve("suites/target/faultline/Replayed"));
        assertThat(Files.readString(replayed.resolve("seed")).strip()).as("seed of the replayed run %s", replayed)
                .isEqualTo(Long.toString(SEED));
        assertThat(field(replayed, "backend")).as("backend of the replayed run %s", replayed).isEqualTo(backend);
        assertThat(field(replayed, "status")).as("status of the replayed run %s", replayed).isEqualTo("passed");
        assertThat(faults(replayed)).as("faults the replayed run %s drew from its seed", replayed)
                .isNotEmpty()
                .isEqualTo(faults(original));
        assertThat(Files.readString(replayed.resolve("rerun.txt")).strip()).isEqualTo(command);
    }

    /**
     * Run only by the test above, never by itself (Surefire's includes skip nested classes): the
     * seed comes from the configuration, as {@code -Dfaultline.seed} gives it to the replay. A
     * nested class also makes the command quote the {@code $} of its binary name.
     */
    static class Replayed {
        @ChaosCluster
        static final ClusterSpec CLUSTER = ReferenceCluster.of(3, ReferenceConfig.defaults());

        static volatile Path directory;

        @ChaosTest
        void casRegisterThroughAKillAndAPartition(ChaosRun run) {
            directory = run.directory();
            Schedule schedule = Schedule.builder()
                    .warmUp(Duration.ofSeconds(1))
                    .faults(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(1),
                            Nemeses.kill(), Nemeses.partitionRandomHalves())
                    .heal()
                    .recovery(Duration.ofSeconds(1))
                    .finalReads()
                    .build();

            RunAssert.assertThat(run.execute(ReferenceWorkload.casRegister(), schedule)).isLinearizable(CasRegister.casRegister(0L));
        }
    }

    /** Each fault's kind and nodes, in order: what the seed draws. */
    private static List<String> faults(Path runDirectory) throws IOException {
        List<String> faults = new ArrayList<>();
        for (String line : Files.readAllLines(runDirectory.resolve("events.jsonl"))) {
            JsonNode event = JSON.readTree(line);
            if (event.path("type").asText().equals("fault-start")) {
                faults.add(event.path("kind").asText() + " " + event.path("nodes"));
            }
        }
        return faults;
    }

    private static String field(Path runDirectory, String name) throws IOException {
        return JSON.readTree(runDirectory.resolve("result.json").toFile()).path(name).asText();
    }

    private static Path onlyRunDirectory(Path testDirectory) throws IOException {
        assertThat(testDirectory).as("the replayed test's run directories").isDirectory();
        try (Stream<Path> runs = Files.find(testDirectory, 2, (p, a) -> Files.exists(p.resolve("seed")))) {
            List<Path> found = runs.toList();
            assertThat(found).as("run directories under %s", testDirectory).hasSize(1);
            return found.get(0);
        }
    }

    private static String git(Path directory, String... args) throws Exception {
        Path out = Files.createTempFile("faultline-git", ".out");
        try {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            int status = run(new ProcessBuilder(command).directory(directory.toAbsolutePath().toFile()), out);
            assertThat(status).as("%s in %s: %s", command, directory.toAbsolutePath(), tail(out)).isZero();
            return Files.readString(out).strip();
        } finally {
            Files.delete(out);
        }
    }

    /** Runs to its end (or is killed, with everything it started, after the timeout); output to {@code log}. */
    private static int run(ProcessBuilder builder, Path log) throws Exception {
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(MAVEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError(builder.command() + " did not end within " + MAVEN_TIMEOUT + "; its output ends:\n" + tail(log));
        }
        return process.exitValue();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
