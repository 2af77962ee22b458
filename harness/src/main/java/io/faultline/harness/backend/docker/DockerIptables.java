package io.faultline.harness.backend.docker;

import io.faultline.harness.backend.KernelPartitions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Kernel cuts between containers: {@code nsenter -t <pid> -n iptables -I INPUT -s <peer ip> -j DROP}
 * run on the host in the receiving container's network namespace (11–29 ms a call, no capability
 * needed in the container, which has no iptables of its own). A container gets a new namespace at
 * every start and may get a new address, so every start re-applies the cuts that involve it.
 */
final class DockerIptables {

    private record Cut(DockerNode from, DockerNode to) {
    }

    /** A rule in place: in the namespace of process {@code pid}, dropping packets from {@code ip}. */
    private record Rule(int pid, String ip) {
    }

    private final String iptables = Stream.of("/usr/sbin/iptables", "/sbin/iptables")
            .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse("iptables");
    private final Set<Cut> cuts = new HashSet<>();
    private final Map<Cut, Rule> rules = new HashMap<>();
    /** What removed rules dropped, read from their counters before they went. */
    private final Map<Cut, Long> droppedBefore = new HashMap<>();

    synchronized void cut(DockerNode from, DockerNode to) {
        Cut cut = new Cut(from, to);
        cuts.add(cut);
        apply(cut);
    }

    synchronized void heal(DockerNode from, DockerNode to) {
        Cut cut = new Cut(from, to);
        cuts.remove(cut);
        remove(cut);
    }

    synchronized void healAll() {
        for (Cut cut : List.copyOf(cuts)) {
            heal(cut.from(), cut.to());
        }
    }

    /** Re-applies the cuts that involve {@code node}, which has just started. */
    synchronized void started(DockerNode node) {
        for (Cut cut : cuts) {
            if (cut.from() == node || cut.to() == node) {
                apply(cut);
            }
        }
    }

    /**
     * Brings the rule of {@code cut} up to date. While {@code to} is down there is nothing to put
     * it in (it is applied at its start); while {@code from} is down the rule for its last address
     * stays.
     */
    private void apply(Cut cut) {
        Optional<Integer> pid = cut.to().pid();
        Rule old = rules.get(cut);
        Optional<String> ip = cut.from().ip().or(() -> Optional.ofNullable(old).map(Rule::ip));
        if (pid.isEmpty() || ip.isEmpty()) {
            if (pid.isEmpty()) {
                rules.remove(cut);
            }
            return;
        }
        Rule rule = new Rule(pid.get(), ip.get());
        if (rule.equals(old)) {
            return;
        }
        remove(cut);
        iptables(rule, "-I");
        rules.put(cut, rule);
    }

    private void remove(Cut cut) {
        Rule old = rules.remove(cut);
        if (old != null && cut.to().pid().equals(Optional.of(old.pid()))) {
            droppedBefore.merge(cut, count(old), Long::sum);
            iptables(old, "-D");
        }
    }

    /**
     * How many packets each link's rules have dropped so far, by node name, removed rules included;
     * a rule in the namespace of a container that has since died took its count with it.
     */
    synchronized Map<KernelPartitions.Cut, Long> dropped() {
        Map<KernelPartitions.Cut, Long> dropped = new HashMap<>();
        droppedBefore.forEach((cut, n) -> dropped.merge(new KernelPartitions.Cut(cut.from().name(), cut.to().name()), n, Long::sum));
        rules.forEach((cut, rule) -> {
            if (cut.to().pid().equals(Optional.of(rule.pid()))) {
                dropped.merge(new KernelPartitions.Cut(cut.from().name(), cut.to().name()), count(rule), Long::sum);
            }
        });
        return dropped;
    }

    /** The packets a rule in place has dropped: its counter in {@code iptables -L INPUT -v -x -n}. */
    private long count(Rule rule) {
        String listing = run(List.of("nsenter", "-t", String.valueOf(rule.pid()), "-n", iptables, "-w", "-L", "INPUT", "-v", "-x", "-n"));
        return droppedFrom(listing, rule.ip());
    }

    /** The packets DROP rules for source {@code ip} counted, in an {@code iptables -L -v -x -n} listing. */
    static long droppedFrom(String listing, String ip) {
        long total = 0;
        for (String line : listing.split("\n")) {
            // pkts bytes target prot opt in out source destination
            String[] f = line.trim().split("\\s+");
            if (f.length >= 9 && f[2].equals("DROP") && f[7].equals(ip) && f[0].matches("\\d+")) {
                total += Long.parseLong(f[0]);
            }
        }
        return total;
    }

    /**
     * Closes the TCP connections between the two nodes in both namespaces ({@code ss -K}, which
     * destroys a socket as if reset): what a running node has open; a node that is down has none.
     */
    synchronized void dropConnections(DockerNode a, DockerNode b) {
        for (DockerNode[] pair : List.of(new DockerNode[] {a, b}, new DockerNode[] {b, a})) {
            Optional<Integer> pid = pair[0].pid();
            Optional<String> peer = pair[1].ip();
            if (pid.isPresent() && peer.isPresent()) {
                run(List.of("nsenter", "-t", String.valueOf(pid.get()), "-n", "ss", "-K", "dst", peer.get()));
            }
        }
    }

    /** Fails, saying what to install or how to run, where nsenter or iptables cannot act on the host. */
    void check() {
        // this JVM's own namespace: the same tools and privilege a container's will need, and nothing changed
        run(List.of("nsenter", "-t", String.valueOf(ProcessHandle.current().pid()), "-n", iptables, "-w", "-L", "INPUT", "-n"));
    }

    private void iptables(Rule rule, String action) {
        run(List.of("nsenter", "-t", String.valueOf(rule.pid()), "-n",
                iptables, "-w", action, "INPUT", "-s", rule.ip(), "-j", "DROP"));
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out
                        + " (KERNEL network mode in the Docker backend runs nsenter, iptables and ss on the Docker host, as root:"
                        + " run the tests as root, or use NetworkMode.PROXIED)");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command)
                    + " (KERNEL network mode in the Docker backend needs nsenter, iptables and ss on the Docker host:"
                    + " apt-get install -y util-linux iptables iproute2): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
