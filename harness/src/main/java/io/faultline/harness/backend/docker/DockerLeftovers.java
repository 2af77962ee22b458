package io.faultline.harness.backend.docker;

import io.faultline.harness.backend.cleanup.RunState;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a run leaves behind when its JVM dies without closing the backend (killed, or stopped in a
 * debugger): Ryuk cannot run here, so Faultline removes its own. Every container and network of a
 * run is labelled {@value #RUN_LABEL} and {@value #OWNER_LABEL}; a detached reaper removes them
 * seconds after the owner dies, and the next run's sweep removes whatever is left of dead owners.
 */
final class DockerLeftovers {

    static final String RUN_LABEL = "faultline.run";
    static final String OWNER_LABEL = "faultline.owner";

    /*
     * $1 owner pid, $2 run id, $3 marker file. The owner is the same process while its /proc start
     * time (field 22) is unchanged and it is no zombie; without /proc, kill -0 has to do.
     */
    private static final String REAPER = """
            pid=$1 run=$2 marker=$3
            stat() { sed 's/^.*) //' /proc/$pid/stat 2>/dev/null | cut -d' ' -f"$1"; }
            start=$(stat 20)
            alive() {
              if [ -n "$start" ]; then [ "$(stat 20)" = "$start" ] && [ "$(stat 1)" != Z ]; else kill -0 "$pid" 2>/dev/null; fi
            }
            while [ -e "$marker" ]; do
              if ! alive; then
                ids=$(docker ps -aq --filter "label=faultline.run=$run")
                [ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1
                nets=$(docker network ls -q --filter "label=faultline.run=$run")
                [ -n "$nets" ] && docker network rm $nets >/dev/null 2>&1
                rm -f "$marker"
                exit 0
              fi
              sleep 1
            done
            """;

    private DockerLeftovers() {
    }

    /** The labels of everything a run creates; the owner as {@code <pid>@<start instant>}, as the process backend marks its processes. */
    static Map<String, String> labels(String runId, RunState.ProcessRecord owner) {
        return Map.of(RUN_LABEL, runId, OWNER_LABEL, owner.ownerMarker());
    }

    /**
     * Removes every container and network labelled {@value #RUN_LABEL} whose owner JVM is dead (or
     * whose owner label is unreadable); one line says what went, nothing is said when nothing did.
     */
    static void sweep(DockerClient docker) {
        TreeSet<String> runs = new TreeSet<>();
        int containers = 0;
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(RUN_LABEL)).exec()) {
            if (deadOwner(c.getLabels()) && quietly(() -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec())) {
                containers++;
                runs.add(c.getLabels().get(RUN_LABEL));
            }
        }
        int networks = 0;
        for (Network n : docker.listNetworksCmd().withFilter("label", List.of(RUN_LABEL)).exec()) {
            if (deadOwner(n.getLabels()) && quietly(() -> docker.removeNetworkCmd(n.getId()).exec())) {
                networks++;
                runs.add(n.getLabels().get(RUN_LABEL));
            }
        }
        if (containers + networks > 0) {
            System.err.println("faultline: swept " + containers + " container(s) and " + networks
                    + " network(s) left by JVMs that died without closing their run (runs " + String.join(", ", runs) + ")");
        }
    }

    /**
     * Starts a reaper detached from this JVM (its own session, so a signal to the test's process
     * group does not reach it) that polls every second whether {@code owner} still lives; when it
     * dies, the reaper removes the run's containers and network by label. Deleting the returned
     * marker file makes it exit, as {@link DockerBackend#close()} does. Empty, with a line saying
     * so, when there is no {@code docker} command to reap with.
     */
    static Optional<Path> startReaper(String runId, RunState.ProcessRecord owner) throws IOException {
        if (onPath("docker").isEmpty()) {
            System.err.println("faultline: no docker command on PATH, so if this JVM is killed its containers stay "
                    + "until the next run sweeps them");
            return Optional.empty();
        }
        Path marker = Files.createTempFile("faultline-reaper-", ".run");
        List<String> command = new ArrayList<>();
        onPath("setsid").ifPresent(setsid -> command.add(setsid.toString()));
        command.addAll(List.of("sh", "-c", REAPER, "faultline-reaper", String.valueOf(owner.pid()), runId, marker.toString()));
        new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return Optional.of(marker);
    }

    private static boolean deadOwner(Map<String, String> labels) {
        String owner = labels == null ? null : labels.get(OWNER_LABEL);
        return owner == null || RunState.ProcessRecord.fromOwnerMarker(owner).map(o -> !o.isRunning()).orElse(true);
    }

    /** Runs a removal; false if it failed (already gone, or in use by a container of a live run). */
    private static boolean quietly(Runnable removal) {
        try {
            removal.run();
            return true;
        } catch (DockerException e) {
            return false;
        }
    }

    private static Optional<Path> onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
                .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
    }
}
