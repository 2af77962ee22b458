package io.faultline.harness.backend.docker;

import io.faultline.harness.backend.cleanup.RunState;

import io.faultline.harness.backend.ProcFs;

import io.faultline.harness.backend.Backend;

import static io.faultline.harness.backend.docker.DockerTestNodes.PORT;
import static io.faultline.harness.backend.docker.DockerTestNodes.labelled;
import static io.faultline.harness.backend.docker.DockerTestNodes.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing a run creates outlives it: close, the sweep of dead owners' leftovers, and the reaper of a killed JVM. */
@RequiresDocker
class DockerCleanupTest {

    private final DockerClient docker = DockerEnvironment.requireClient();

    @AfterAll
    static void nothingIsLeft() {
        DockerTestNodes.assertNothingLeftByThisJvm();
    }

    @Test
    void closeRemovesEveryContainerAndTheNetworkWhateverStateTheNodesAreIn(@TempDir Path runDir) throws Exception {
        String runId = "close-test-" + UUID.randomUUID().toString().substring(0, 8);
        DockerBackend backend = new DockerBackend();
        backend.start(new Backend.RunInfo(runId, runDir, 4, 2));
        DockerNode running = DockerTestNodes.counterServer(backend, runDir, "running");
        DockerNode paused = DockerTestNodes.counterServer(backend, runDir, "paused");
        DockerNode killed = DockerTestNodes.counterServer(backend, runDir, "killed");
        DockerTestNodes.counterServer(backend, runDir, "never-started");
        for (DockerNode node : List.of(running, paused, killed)) {
            node.start();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> send(node.directAddress(PORT), "INCR").equals("1"));
        }
        paused.pause();
        killed.kill();
        assertThat(labelled(docker, DockerLeftovers.RUN_LABEL, runId)).hasSize(6); // 4 nodes, the proxy, the network
        assertThat(reapers(runId)).hasSize(1);

        backend.close();

        assertThat(labelled(docker, DockerLeftovers.RUN_LABEL, runId)).isEmpty();
        assertThat(runDir.resolve("running/data/counter")).as("data stays in the run directory").hasContent("1");
        await("the reaper of run " + runId + " exiting after close").atMost(Duration.ofSeconds(5)).until(() -> reapers(runId).isEmpty());
    }

    /** The reaper processes watching {@code runId}, found by their arguments. */
    private static List<Long> reapers(String runId) {
        return ProcFs.pids().stream().filter(pid -> {
            List<String> args = ProcFs.cmdline(pid);
            return args.contains("faultline-reaper") && args.contains(runId);
        }).toList();
    }

    @Test
    void theSweepRemovesWhatDeadOwnersLeftAndNothingOfLiveOnes() throws Exception {
        String image = new JreImage(docker).ensure();
        String deadRun = "sweep-test-dead-" + UUID.randomUUID().toString().substring(0, 8);
        String liveRun = "sweep-test-live-" + UUID.randomUUID().toString().substring(0, 8);
        // No pid reaches 999999999 (the kernel's limit is 4194304).
        Map<String, String> dead = DockerLeftovers.labels(deadRun, new RunState.ProcessRecord(null, 999_999_999L, "2020-01-01T00:00:00Z", null, null));
        Map<String, String> live = DockerLeftovers.labels(liveRun, RunState.ProcessRecord.of(null, ProcessHandle.current(), false));
        String network = docker.createNetworkCmd().withName("faultline-" + deadRun).withLabels(dead).exec().getId();
        docker.createContainerCmd(image).withName("faultline-" + deadRun + "-n1").withLabels(dead).withCmd("java", "-version")
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode(network)).exec();
        String liveContainer = docker.createContainerCmd(image).withName("faultline-" + liveRun + "-n1").withLabels(live)
                .withCmd("java", "-version").exec().getId();
        try {
            assertThat(labelled(docker, DockerLeftovers.RUN_LABEL, deadRun)).hasSize(2);

            DockerLeftovers.sweep(docker);

            assertThat(labelled(docker, DockerLeftovers.RUN_LABEL, deadRun)).isEmpty();
            assertThat(labelled(docker, DockerLeftovers.RUN_LABEL, liveRun)).hasSize(1);
        } finally {
            docker.removeContainerCmd(liveContainer).withForce(true).exec();
        }
    }

    @Test
    void theReaperRemovesTheRunOfAKilledJvm(@TempDir Path runDir) throws Exception {
        String runId = "reaper-test-" + UUID.randomUUID().toString().substring(0, 8);
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DockerReaperProbe.class.getName(), runId, runDir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        seen.append(line).append('\n');
                        if (line.equals("ready")) {
                            return true;
                        }
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(ready.get(90, TimeUnit.SECONDS)).as("the probe JVM's output:\n%s", seen).isTrue();
            assertThat(labelled(docker, DockerLeftovers.RUN_LABEL, runId)).hasSize(3); // the node, the proxy, the network

            probe.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs

            await("the reaper removing run " + runId).atMost(Duration.ofSeconds(20))
                    .until(() -> labelled(docker, DockerLeftovers.RUN_LABEL, runId).isEmpty());
        } finally {
            probe.destroyForcibly();
        }
    }
}
