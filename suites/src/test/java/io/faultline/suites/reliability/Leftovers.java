package io.faultline.suites.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a run owned by one (dead) JVM left on the machine, by kind: containers and networks labelled
 * with it as owner, node processes marked with it, ports that were listening during the run and
 * still are (unless another live process, such as another build's node on the same reused address,
 * now holds them), host packet-filter rules that mention Faultline beyond those there before, the
 * cgroups of its kernel-mode runs, and run state files that name it as owner.
 */
final class Leftovers {
    static final List<String> KINDS = List.of("containers", "networks", "processes", "ports", "rules", "cgroups", "stateFiles");

    private Leftovers() {
    }

    /** By kind, what is left of the runs of the JVM {@code ownerPid}; {@code ports} were listening during the run. */
    static Map<String, List<String>> of(long ownerPid, Set<String> ports, List<String> rulesBefore) {
        String owner = ownerPid + "@";
        Map<String, List<String>> left = new LinkedHashMap<>();
        left.put("containers", labelled(owner, "ps", "-a"));
        left.put("networks", labelled(owner, "network", "ls"));
        List<String> processes = new ArrayList<>();
        for (String pid : pids()) {
            if (marked(Long.parseLong(pid), owner)) {
                processes.add(pid + " " + read(Path.of("/proc", pid, "cmdline")).replace('\0', ' ').strip());
            }
        }
        left.put("processes", processes);
        List<String> stillListening = new ArrayList<>(listeners().values());
        stillListening.retainAll(ports);
        // a dead run's loopback block is free for the next run on the machine: a port another live
        // process (unmarked by this owner) listens on now is that process's, not a leftover
        Map<String, Set<Long>> holders = listenerHolders();
        stillListening.removeIf(port -> !holders.getOrDefault(port, Set.of()).isEmpty()
                && holders.get(port).stream().noneMatch(pid -> marked(pid, owner)));
        left.put("ports", stillListening);
        List<String> rules = new ArrayList<>(faultlineRules());
        rulesBefore.forEach(rules::remove);
        // On a shared machine other builds' kernel-mode runs add their own tables meanwhile; a table's
        // name says which JVM owns it.
        rules.removeIf(rule -> ownedByAnother(rule, ownerPid));
        left.put("rules", rules);
        left.put("cgroups", cgroups(ownerPid));
        List<String> stateFiles = new ArrayList<>();
        Path runs = Path.of(System.getProperty("java.io.tmpdir"), "faultline", "runs");
        if (Files.isDirectory(runs)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(runs, "*.json")) {
                for (Path file : files) {
                    if (read(file).contains("\"pid\":" + ownerPid + ",") || read(file).contains("\"pid\" : " + ownerPid + ",")) {
                        stateFiles.add(file.toString());
                    }
                }
            } catch (IOException e) {
                // listed while a run removed its file
            }
        }
        left.put("stateFiles", stateFiles);
        return left;
    }

    /** Listening TCP sockets on the host: hex address:port (from /proc/net/tcp and tcp6) by socket inode. */
    private static Map<String, String> listeners() {
        Map<String, String> portByInode = new java.util.HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : read(Path.of(table)).split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A")) {
                    portByInode.put(f[9], f[1]);
                }
            }
        }
        return portByInode;
    }

    /** The inodes of the sockets process {@code pid} holds open; none once it is gone. */
    private static List<String> socketInodes(String pid) {
        List<String> inodes = new ArrayList<>();
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

    /** The processes holding each listening socket on the host, by its hex address:port. */
    static Map<String, Set<Long>> listenerHolders() {
        Map<String, String> listeners = listeners();
        Map<String, Set<Long>> holders = new java.util.HashMap<>();
        for (String pid : pids()) {
            for (String inode : socketInodes(pid)) {
                String port = listeners.get(inode);
                if (port != null) {
                    holders.computeIfAbsent(port, k -> new java.util.HashSet<>()).add(Long.parseLong(pid));
                }
            }
        }
        return holders;
    }

    /** The cgroups a kernel-mode run of {@code ownerPid} made ({@code faultline_<pid>_<run>} below a cgroup2 mount). */
    static List<String> cgroups(long ownerPid) {
        List<String> found = new ArrayList<>();
        for (Path mount : List.of(Path.of("/sys/fs/cgroup"), Path.of("/sys/fs/cgroup/unified"))) {
            if (!Files.isDirectory(mount)) {
                continue;
            }
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(mount, "faultline_" + ownerPid + "_*")) {
                dirs.forEach(d -> found.add(d.toString()));
            } catch (IOException e) {
                // not a cgroup file system we can read: a run could not have made cgroups there either
            }
        }
        return found;
    }

    /** Whether process {@code pid}'s command line or environment marks it as a run's of {@code owner} ({@code <pid>@}). */
    private static boolean marked(long pid, String owner) {
        String words = read(Path.of("/proc", Long.toString(pid), "cmdline")) + "\0" + read(Path.of("/proc", Long.toString(pid), "environ"));
        return words.contains("-Dfaultline.owner=" + owner) || words.contains("FAULTLINE_OWNER=" + owner);
    }

    /** Listening sockets of one process, as hex address:port. */
    static List<String> listeningPortsOf(long pid) {
        Map<String, String> listeners = listeners();
        return socketInodes(Long.toString(pid)).stream().map(listeners::get).filter(java.util.Objects::nonNull).toList();
    }

    /** Host iptables and nft rules that mention Faultline (the kernel network mode comments its rules). */
    static List<String> faultlineRules() {
        List<String> rules = new ArrayList<>();
        for (List<String> command : List.of(List.of("iptables-save"), List.of("ip6tables-save"), List.of("nft", "list", "ruleset"))) {
            for (String line : run(command)) {
                if (line.toLowerCase(java.util.Locale.ROOT).contains("faultline")) {
                    rules.add(line.strip());
                }
            }
        }
        return rules;
    }

    private static final java.util.regex.Pattern TABLE_OWNER = java.util.regex.Pattern.compile("faultline_(\\d+)_");

    /** A rule in an nftables table named for a JVM other than {@code ownerPid} ({@code faultline_<pid>_<run>}). */
    static boolean ownedByAnother(String rule, long ownerPid) {
        java.util.regex.Matcher m = TABLE_OWNER.matcher(rule);
        return m.find() && Long.parseLong(m.group(1)) != ownerPid;
    }

    /** The processes marked as children of {@code ownerPid}'s runs (to sample their ports while they run). */
    static List<Long> markedProcesses(long ownerPid) {
        List<Long> marked = new ArrayList<>();
        for (String pid : pids()) {
            if (marked(Long.parseLong(pid), ownerPid + "@")) {
                marked.add(Long.parseLong(pid));
            }
        }
        return marked;
    }


    private static List<String> labelled(String owner, String... listCommand) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(listCommand));
        command.addAll(List.of("--filter", "label=faultline.owner", "--format", "{{.ID}}\t{{.Label \"faultline.owner\"}}"));
        List<String> found = new ArrayList<>();
        for (String line : run(command)) {
            String[] f = line.split("\t", -1);
            if (f.length == 2 && f[1].startsWith(owner)) {
                found.add(f[0]);
            }
        }
        return found;
    }

    private static List<String> pids() {
        List<String> pids = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            procs.forEach(p -> pids.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list /proc", e);
        }
        return pids;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return List.of();
            }
            return out.lines().toList();
        } catch (IOException e) {
            return List.of(); // the tool is not installed: nothing of its kind to leave
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
