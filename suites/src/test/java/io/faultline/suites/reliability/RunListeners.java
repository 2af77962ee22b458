package io.faultline.suites.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Watches, while runs go on, for listening sockets that a run opened beyond loopback: TCP listeners
 * (from /proc/net/tcp and tcp6) of this JVM — where the proxies live — and of every process marked
 * as this JVM's (a node's {@code -Dfaultline.owner=<pid>@...} or {@code FAULTLINE_OWNER}), and ports
 * that containers labelled as this JVM's publish on an address other than 127.0.0.1.
 */
public final class RunListeners implements AutoCloseable {
    private static final String SELF = Long.toString(ProcessHandle.current().pid());
    /** What was seen off loopback, by address and pid, with the command line of the process. */
    private final Map<String, String> offLoopback = new java.util.TreeMap<>();
    private final Thread sampler;
    private volatile boolean stopped;
    private int samples;

    private RunListeners() {
        sampler = new Thread(this::sampleUntilStopped, "run-listeners");
        sampler.setDaemon(true);
    }

    /** Starts sampling every 200 ms. */
    public static RunListeners watch() {
        RunListeners listeners = new RunListeners();
        listeners.sampler.start();
        return listeners;
    }

    private void sampleUntilStopped() {
        while (!stopped) {
            sampleOnce();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One look; what it finds off loopback is added to {@link #offLoopback()}. */
    public synchronized void sampleOnce() {
        samples++;
        Map<String, String> socketOwners = new HashMap<>();
        for (String pid : ownedProcesses()) {
            for (String inode : Proc.socketInodes(pid)) {
                socketOwners.put(inode, pid);
            }
        }
        Proc.listenersByInode().forEach((inode, address) -> {
            String pid = socketOwners.get(inode);
            if (pid != null && !Proc.isLoopback(address)) {
                offLoopback.putIfAbsent("listening on " + Proc.address(address) + ": pid " + pid, Proc.commandLine(pid, 300));
            }
        });
        publishedBeyondHost().forEach(published -> offLoopback.putIfAbsent(published, ""));
    }

    /** Each as "listening on ADDRESS: pid PID COMMAND" or "container ID publishes PORTS". */
    public synchronized Set<String> offLoopback() {
        Set<String> found = new TreeSet<>();
        offLoopback.forEach((where, command) -> found.add(command.isEmpty() ? where : where + " " + command));
        return found;
    }

    public synchronized int samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        sampler.interrupt();
        sampler.join(5_000);
        sampleOnce();
    }

    private static Set<String> ownedProcesses() {
        Set<String> pids = new HashSet<>();
        pids.add(SELF);
        Proc.pids().stream().filter(pid -> Proc.marked(pid, SELF + "@")).forEach(pids::add);
        return pids;
    }

    /** Ports of this JVM's containers published on an address other than 127.0.0.1 (Docker's "0.0.0.0:32768->2181/tcp"). */
    private static List<String> publishedBeyondHost() {
        List<String> found = new ArrayList<>();
        // none where Docker is not installed or not running: then nothing is published
        List<String> lines = Proc.run(List.of("docker", "ps", "--filter", "label=faultline.owner", "--format",
                "{{.ID}}\t{{.Label \"faultline.owner\"}}\t{{.Ports}}"));
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            if (f.length < 3 || !f[1].startsWith(SELF + "@") || f[2].isBlank()) {
                continue;
            }
            for (String port : f[2].split(",\\s*")) {
                if (port.contains("->") && !port.startsWith("127.0.0.1:")) {
                    found.add("container " + f[0] + " publishes " + port);
                }
            }
        }
        return found;
    }
}
