package io.faultline.harness.backend.docker;

import io.faultline.harness.backend.Backend;

import java.nio.file.Path;

/**
 * Run in a JVM of its own by {@link DockerCleanupTest}: {@code DockerReaperProbe <run id> <run dir>}
 * boots a run with one node, prints {@code ready} and waits to be killed.
 */
public final class DockerReaperProbe {

    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(args[1]);
        DockerBackend backend = new DockerBackend();
        backend.start(new Backend.RunInfo(args[0], runDir, 1, 1));
        DockerTestNodes.counterServer(backend, runDir, "probe").start();
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
