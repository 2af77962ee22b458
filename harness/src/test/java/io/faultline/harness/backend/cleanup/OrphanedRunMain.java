package io.faultline.harness.backend.cleanup;

import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.CounterServer;
import io.faultline.harness.backend.process.ProcessBackend;

import io.faultline.harness.NetworkMode;
import io.faultline.harness.NodeSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A test JVM to kill: {@code OrphanedRunMain <runId> <runDir> <runsDir> <port> [network mode]} starts a process
 * backend with a Java node and a command node that has two children of its own, one in the node's
 * process group and one that left it for a session of its own, prints {@code ready}, and sleeps
 * until it is killed.
 */
final class OrphanedRunMain {

    public static void main(String[] args) throws Exception {
        String runId = args[0];
        Path runDir = Path.of(args[1]);
        ProcessBackend backend = new ProcessBackend(System.getenv(), Path.of(args[2]), System.err);
        NetworkMode mode = args.length > 4 ? NetworkMode.valueOf(args[4]) : NetworkMode.PROXIED;
        backend.start(new Backend.RunInfo(runId, runDir, 2, 0, mode));

        NodeSpec java = NodeSpec.javaMain("java", CounterServer.class.getName());
        Backend.NodeHome javaHome = backend.home(java, 0, runDir.resolve("java/data"), runDir.resolve("java/config"));
        backend.create(java, javaHome, List.of(javaHome.bindHost(), args[3], javaHome.dataDir()), Map.of(),
                runDir.resolve("java.log")).start();

        NodeSpec command = NodeSpec.command("command", "sh", "-c", "sleep 600 & setsid sleep 601 & wait");
        Backend.NodeHome commandHome = backend.home(command, 1, runDir.resolve("command/data"), runDir.resolve("command/config"));
        backend.create(command, commandHome, List.of(), Map.of(), runDir.resolve("command.log")).start();

        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
