package io.faultline.harness.backend.cleanup;

import io.faultline.harness.backend.Observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leftovers are made by hand here: a process marked with a run, and a state file naming an owner
 * that is dead (this JVM's pid with another start time — the case of a reused pid).
 */
class SweeperTest {

    private static final String RUNS = "sweeper-test-" + ProcessHandle.current().pid() + "-";
    private static final AtomicInteger RUN_NUMBER = new AtomicInteger();
    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();
    private static final String DEAD_OWNER = ProcessHandle.current().pid() + "@1970-01-01T00:00:00Z";

    @TempDir
    Path runs;

    @AfterAll
    static void nothingIsLeftBehind() throws InterruptedException {
        try {
            assertThat(Observe.processesOfRuns(RUNS)).isEmpty();
        } finally {
            for (Process process : STARTED) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aStateFileOfADeadOwnerIsRemovedAndItsProcessesKilled() throws Exception {
        String run = newRun();
        Process leftover = marked(run, Map.of("FAULTLINE_OWNER", DEAD_OWNER), true);
        Path stateFile = stateFile(run, DEAD_OWNER, leftover);

        Sweeper.Swept swept = Sweeper.sweep(runs);

        assertThat(Observe.isGone(leftover.pid())).isTrue();
        assertThat(stateFile).doesNotExist();
        assertThat(swept.runs()).contains(run);
        assertThat(swept.stateFiles()).isEqualTo(1);
        assertThat(swept.pids()).contains(leftover.pid());
        assertThat(swept.describe()).startsWith("faultline: swept leftovers of runs whose test JVM died (")
                .contains(run).contains("killed process").contains(Long.toString(leftover.pid())).endsWith("; removed 1 state file");
    }

    @Test
    void aRecordedProcessGroupIsKilledWholeEvenIfItsLeaderIsGone() throws Exception {
        String run = newRun();
        Process leader = marked(run, Map.of(), true, "sh", "-c", "sleep 600 & echo $!; exec sleep 600");
        long child = Long.parseLong(new BufferedReader(new InputStreamReader(leader.getInputStream())).readLine().trim());
        Path stateFile = stateFile(run, DEAD_OWNER, leader);
        leader.destroyForcibly().waitFor();

        Sweeper.Swept swept = Sweeper.sweep(runs);

        await().atMost(Duration.ofSeconds(5)).until(() -> Observe.isGone(child));
        assertThat(swept.groups()).contains(leader.pid());
        assertThat(stateFile).doesNotExist();
    }

    @Test
    void aMarkedProcessWhoseOwnerIsDeadIsKilledEvenWithoutAStateFile() throws Exception {
        String run = newRun();
        Process leftover = marked(run, Map.of("FAULTLINE_OWNER", DEAD_OWNER), false);

        Sweeper.Swept swept = Sweeper.sweep(runs);

        assertThat(Observe.isGone(leftover.pid())).isTrue();
        assertThat(swept.pids()).contains(leftover.pid());
    }

    @Test
    void aMarkedProcessWithNeitherOwnerMarkNorStateFileIsKilled() throws Exception {
        String run = newRun();
        Process leftover = marked(run, Map.of(), false);

        Sweeper.sweep(runs);

        assertThat(Observe.isGone(leftover.pid())).isTrue();
    }

    @Test
    void theProcessesAndStateFileOfALiveRunAreLeftAlone() throws Exception {
        String run = newRun();
        String liveOwner = RunState.ProcessRecord.of(null, ProcessHandle.current(), false).ownerMarker();
        Process byMark = marked(run, Map.of("FAULTLINE_OWNER", liveOwner), false);
        Process byStateFile = marked(run, Map.of(), false);
        Path stateFile = stateFile(run, liveOwner, byStateFile);

        Sweeper.Swept swept = Sweeper.sweep(runs);

        assertThat(byMark.isAlive()).isTrue();
        assertThat(byStateFile.isAlive()).isTrue();
        assertThat(stateFile).exists();
        assertThat(swept.runs()).doesNotContain(run);
        byMark.destroyForcibly().waitFor();
        byStateFile.destroyForcibly().waitFor();
    }

    @Test
    void anUnreadableStateFileIsRemoved() throws Exception {
        Path debris = Files.writeString(runs.resolve(newRun() + ".json"), "{\"run\": ");

        Sweeper.Swept swept = Sweeper.sweep(runs);

        assertThat(debris).doesNotExist();
        assertThat(swept.stateFiles()).isEqualTo(1);
    }

    private static String newRun() {
        return RUNS + RUN_NUMBER.incrementAndGet();
    }

    /** A process marked with {@code run} in its environment, as a command node is. */
    private static Process marked(String run, Map<String, String> extraEnv, boolean ownGroup, String... command) throws IOException {
        List<String> line = command.length > 0 ? List.of(command) : List.of("sleep", "600");
        ProcessBuilder builder = new ProcessBuilder(ownGroup ? concat("setsid", line) : line);
        builder.environment().put("FAULTLINE_RUN", run);
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        STARTED.add(process);
        return process;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** The state file as a run writes it, by hand, so the format itself is pinned down. */
    private Path stateFile(String run, String owner, Process process) throws IOException {
        String[] pidAndStarted = owner.split("@", 2);
        String started = process.toHandle().info().startInstant().orElseThrow().toString();
        return Files.writeString(runs.resolve(run + ".json"), "{\"run\":\"" + run + "\",\"backend\":\"process\","
                + "\"owner\":{\"pid\":" + pidAndStarted[0] + ",\"started\":\"" + pidAndStarted[1] + "\",\"startTicks\":1},"
                + "\"processes\":[{\"name\":\"cmd\",\"pid\":" + process.pid() + ",\"started\":\"" + started + "\","
                + "\"group\":" + process.pid() + "}]}");
    }
}
