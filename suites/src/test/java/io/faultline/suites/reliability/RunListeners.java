package io.faultline.suites.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

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
            for (String inode : socketInodes(pid)) {
                socketOwners.put(inode, pid);
            }
        }
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && socketOwners.containsKey(f[9]) && !isLoopback(f[1])) {
                    String pid = socketOwners.get(f[9]);
                    offLoopback.putIfAbsent("listening on " + address(f[1]) + ": pid " + pid, commandLine(pid));
                }
            }
        }
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
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                if (mentionsOwner(proc.resolve("cmdline"), "-Dfaultline.owner=" + SELF + "@")
                        || mentionsOwner(proc.resolve("environ"), "FAULTLINE_OWNER=" + SELF + "@")) {
                    pids.add(proc.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list /proc", e);
        }
        return pids;
    }

    private static boolean mentionsOwner(Path file, String mark) {
        try {
            for (String word : new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\0")) {
                if (word.startsWith(mark)) {
                    return true;
                }
            }
        } catch (IOException e) {
            // gone, or not ours to read
        }
        return false;
    }

    private static Set<String> socketInodes(String pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", pid, "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile
        }
        return inodes;
    }

    private static String commandLine(String pid) {
        try {
            String line = new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
            return line.length() > 300 ? line.substring(0, 300) + "..." : line;
        } catch (IOException e) {
            return "(ended)";
        }
    }

    /** Ports of this JVM's containers published on an address other than 127.0.0.1 (Docker's "0.0.0.0:32768->2181/tcp"). */
    private static List<String> publishedBeyondHost() {
        List<String> found = new ArrayList<>();
        List<String> lines = docker("ps", "--filter", "label=faultline.owner", "--format",
                "{{.ID}}\t{{.Label \"faultline.owner\"}}\t{{.Ports}}");
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

    private static List<String> docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return List.of();
            }
            return out.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return List.of(); // no Docker here: nothing published
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** A /proc/net/tcp(6) address: IPv4 127/8, IPv6 ::1 or ::ffff:127/8. */
    static boolean isLoopback(String hexAddress) {
        String ip = hexAddress.substring(0, hexAddress.indexOf(':'));
        if (ip.length() == 8) {
            return ip.endsWith("7F");
        }
        return ip.equals("00000000000000000000000001000000")
                || ip.startsWith("0000000000000000FFFF0000") && ip.endsWith("7F");
    }

    /** Readable form of a /proc/net/tcp(6) address. */
    static String address(String hexAddress) {
        String[] parts = hexAddress.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 8) {
            long v = Long.parseLong(ip, 16);
            return (v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff) + ":" + port;
        }
        return "[" + ip + "]:" + port;
    }
}
