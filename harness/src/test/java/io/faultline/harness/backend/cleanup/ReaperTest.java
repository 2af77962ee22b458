package io.faultline.harness.backend.cleanup;

import io.faultline.harness.backend.ProcFs;

import io.faultline.harness.backend.process.ProcessBackend;

import io.faultline.harness.backend.Observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.harness.backend.Backend.RunInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing a run started survives its test JVM, however that JVM dies; and a normal close leaves no reaper behind. */
class ReaperTest {

    private static final String RUNS = "reaper-test-" + ProcessHandle.current().pid() + "-";
    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    @TempDir
    Path runDir;

    @TempDir
    Path runsDirectory;

    @AfterAll
    static void nothingIsLeftBehind() throws InterruptedException {
        for (Process process : STARTED) {
            process.destroyForcibly().waitFor();
        }
        await("every process of this class's runs gone").atMost(Duration.ofSeconds(10))
                .until(() -> Observe.processesOfRuns(RUNS).isEmpty() && reapersOf(RUNS).isEmpty());
    }

    @Test
    void aTestJvmKilledHardTakesItsNodesAndTheirChildrenAlong() throws Exception {
        String run = RUNS + "killed";
        int port = Observe.freePort("127.0.0.2");
        Path output = runDir.resolve("test-jvm.out");
        Process testJvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanedRunMain.class.getName(),
                run, runDir.toString(), runsDirectory.toString(), Integer.toString(port), "KERNEL")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        STARTED.add(testJvm);
        await("the test JVM's run ready").atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(output).contains("ready") || !testJvm.isAlive());
        assertThat(testJvm.isAlive()).as("test JVM alive; its output:\n%s", Files.readString(output)).isTrue();
        // the Java node, the command's shell, its sleep, and its sleep in a session of its own that only the marker scan finds
        await().atMost(Duration.ofSeconds(10)).until(() -> Observe.processesOfRuns(run).size() >= 4);
        List<Long> nodes = Observe.processesOfRuns(run);
        List<Long> reaper = reapersOf(run);
        assertThat(reaper).hasSize(1);
        Path stateFile = runsDirectory.resolve(run + ".json");
        assertThat(stateFile).exists();
        String table = kernelTable(run, testJvm.pid());
        assertThat(nftTables()).as("the run's kernel cuts").contains(table);
        assertThat(cgroupsOf(table)).as("the run's node cgroups").isNotEmpty();

        testJvm.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no close()

        await("the run's processes gone after its test JVM was killed").atMost(Duration.ofSeconds(10))
                .until(() -> nodes.stream().allMatch(Observe::isGone) && Observe.processesOfRuns(run).isEmpty());
        await("the reaper done").atMost(Duration.ofSeconds(10)).until(() -> Observe.isGone(reaper.get(0)));
        assertThat(stateFile).doesNotExist();
        assertThat(nftTables()).as("the run's kernel cuts, deleted by the reaper").doesNotContain(table);
        await("the run's cgroups removed by the reaper").atMost(Duration.ofSeconds(5)).until(() -> cgroupsOf(table).isEmpty());
        assertThat(Observe.refuses("127.0.0.2:" + port)).isTrue();
    }

    /** The name LoopbackPacketFilter gives a run's table: {@code faultline_<owner pid>_<run>}. */
    private static String kernelTable(String run, long owner) {
        return "faultline_" + owner + "_" + run.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** The run's cgroup directories (named as its table) under either place a cgroup2 file system is mounted. */
    private static List<Path> cgroupsOf(String table) {
        return java.util.stream.Stream.of(Path.of("/sys/fs/cgroup", table), Path.of("/sys/fs/cgroup/unified", table))
                .filter(Files::isDirectory).toList();
    }

    private static String nftTables() throws Exception {
        Process nft = new ProcessBuilder("nft", "list", "tables").redirectErrorStream(true).start();
        String out = new String(nft.getInputStream().readAllBytes());
        nft.waitFor();
        return out;
    }

    @Test
    void theReaperRunsInItsOwnSessionAndExitsByItselfAfterANormalClose() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("TOXIPROXY_URL");
        ProcessBackend backend = new ProcessBackend(env, runsDirectory, new PrintStream(new ByteArrayOutputStream()));
        backend.start(new RunInfo(RUNS + "closed", runDir, 0, 0));
        ProcessHandle reaper = backend.reaper().orElseThrow();
        // setsid makes the new session a moment after the process starts
        await("the reaper in its own process group, and session").atMost(Duration.ofSeconds(2))
                .until(() -> ProcFs.processGroup(reaper.pid()).equals(java.util.OptionalLong.of(reaper.pid())));
        Thread.sleep(1500);
        assertThat(reaper.isAlive()).as("still watching after a poll or two").isTrue();

        backend.close();

        await("the reaper gone after close").atMost(Duration.ofSeconds(5)).until(() -> Observe.isGone(reaper.pid()));
        assertThat(runsDirectory.resolve(RUNS + "closed.json")).doesNotExist();
    }

    /** Reapers of runs whose id starts with {@code runPrefix}: they carry no mark, but their arguments name the run. */
    private static List<Long> reapersOf(String runPrefix) {
        return ProcFs.pids().stream()
                .filter(pid -> {
                    List<String> args = ProcFs.cmdline(pid);
                    return args.contains(Reaper.NAME) && args.stream().anyMatch(arg -> arg.startsWith(runPrefix));
                })
                .filter(pid -> !ProcFs.isGone(pid))
                .toList();
    }
}
