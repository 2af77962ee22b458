package io.faultline.suites.reliability;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        for (String pid : Proc.pids()) {
            if (Proc.marked(pid, owner)) {
                processes.add(pid + " " + Proc.commandLine(pid, Integer.MAX_VALUE));
            }
        }
        left.put("processes", processes);
        List<String> stillListening = new ArrayList<>(Proc.listenersByInode().values());
        stillListening.retainAll(ports);
        // a dead run's loopback block is free for the next run on the machine: a port another live
        // process (unmarked by this owner) listens on now is that process's, not a leftover
        Map<String, Set<Long>> holders = listenerHolders();
        stillListening.removeIf(port -> !holders.getOrDefault(port, Set.of()).isEmpty()
                && holders.get(port).stream().noneMatch(pid -> Proc.marked(Long.toString(pid), owner)));
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
                    if (Proc.read(file).contains("\"pid\":" + ownerPid + ",") || Proc.read(file).contains("\"pid\" : " + ownerPid + ",")) {
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

    /** The processes holding each listening socket on the host, by its hex address:port. */
    static Map<String, Set<Long>> listenerHolders() {
        Map<String, String> listeners = Proc.listenersByInode();
        Map<String, Set<Long>> holders = new java.util.HashMap<>();
        for (String pid : Proc.pids()) {
            for (String inode : Proc.socketInodes(pid)) {
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

    /** Listening sockets of one process, as hex address:port. */
    static List<String> listeningPortsOf(long pid) {
        Map<String, String> listeners = Proc.listenersByInode();
        return Proc.socketInodes(Long.toString(pid)).stream().map(listeners::get).filter(java.util.Objects::nonNull).toList();
    }

    /** Host iptables and nft rules that mention Faultline (the kernel network mode comments its rules). */
    static List<String> faultlineRules() {
        List<String> rules = new ArrayList<>();
        for (List<String> command : List.of(List.of("iptables-save"), List.of("ip6tables-save"), List.of("nft", "list", "ruleset"))) {
            for (String line : Proc.run(command)) {
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
        for (String pid : Proc.pids()) {
            if (Proc.marked(pid, ownerPid + "@")) {
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
        for (String line : Proc.run(command)) {
            String[] f = line.split("\t", -1);
            if (f.length == 2 && f[1].startsWith(owner)) {
                found.add(f[0]);
            }
        }
        return found;
    }
}
