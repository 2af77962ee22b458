package io.faultline.harness.backend.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kernel cuts between local processes that each listen on their own loopback address: one nftables
 * table per run, {@code inet faultline_<pid>_<run>}. A node's packet is known by the cgroup of the
 * socket that sent it ({@link NodeCgroups}), not by its source address, because targets dial from
 * where they like: etcd dials its peers from 127.0.0.1. So the table's output chain stamps each new
 * connection (or UDP flow) with the node that opened it, as its conntrack mark (the node's address as
 * a number), and its input chain drops a packet when its sender and receiver are a cut pair:
 * <ul>
 *   <li>on a connection {@code a} opened, {@code a}'s packets go to {@code b}'s address:
 *       {@code ct direction original ct mark . ip daddr} is {@code a . b};
 *   <li>on a connection {@code b} opened to {@code a}'s address, {@code a}'s answers come from it:
 *       {@code ct direction reply ct mark . ip saddr} is {@code b . a}.
 * </ul>
 * A node's peer is thus known by the address it listens on, the one thing every target agrees on.
 * Packets of processes outside the run's cgroups (the test's clients and probes) are never cut.
 * Dropping at the input hook acts on TCP and UDP alike, on every port, and silently: TCP
 * retransmits into the void and a connection stalls instead of failing, as across a real partition.
 *
 * <p>Each change is one {@code nft -f} transaction, so a partition's cuts appear together and a heal
 * removes them together. The table's name, and the run's cgroup's, carry the owning JVM's pid and
 * the run's id, {@code faultline_<pid>_<run>}: {@link #close()} deletes them, a dead run's reaper
 * deletes them ({@link #deleteCommand}), and {@link #sweep} deletes every one whose owner is gone.
 */
final class LoopbackPacketFilter implements AutoCloseable {
    static final String TABLE_PREFIX = "faultline_";
    /** {@code mark(a) . address(b)} for each cut {@code a -> b}: what a sends on connections it opened. */
    private static final String SET = "cuts";
    /** {@code mark(b) . address(a)} for each cut {@code a -> b}: what a answers on connections b opened. */
    private static final String BACK = "cuts_back";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OWNER = Pattern.compile(TABLE_PREFIX + "(\\d+)_.*");
    private static final Pattern TABLE = Pattern.compile("^table inet (" + TABLE_PREFIX + "\\S+)", Pattern.MULTILINE);

    /** What {@code from} sends to {@code to}, between two IPv4 loopback addresses. */
    record Link(String from, String to) {
        Link {
            requireLoopback(from);
            requireLoopback(to);
            if (from.equals(to)) {
                throw new IllegalArgumentException("a cut joins two different addresses; got " + from + " twice");
            }
        }

        Link reversed() {
            return new Link(to, from);
        }

        /** In {@link #SET}: what {@code from} sends on its own connections to {@code to}. */
        private String element() {
            return mark(from) + " . " + to;
        }

        /** In {@link #BACK}: what {@code from} answers on the connections {@code to} opened. */
        private String backElement() {
            return mark(to) + " . " + from;
        }
    }

    private final String nft;
    private final String table;
    private final NodeCgroups cgroups;
    private final Set<Link> cut = new LinkedHashSet<>();
    /** What healed cuts dropped, read from their set elements' counters before they went. */
    private final Map<Link, Long> droppedBefore = new LinkedHashMap<>();
    private boolean closed;

    private LoopbackPacketFilter(String nft, String table, NodeCgroups cgroups) {
        this.nft = nft;
        this.table = table;
        this.cgroups = cgroups;
    }

    /**
     * Creates the run's table, empty. Fails, naming the fix, where {@code nft} is missing or lacks the
     * privilege: a run that asked for kernel cuts must never run uncut.
     */
    static LoopbackPacketFilter open(String runId) {
        return open(runId, ProcessHandle.current().pid());
    }

    /** {@link #open(String)} on behalf of JVM {@code owner}: for a test that plays a dead run. */
    static LoopbackPacketFilter open(String runId, long owner) {
        String nft = nftCommand();
        String table = tableName(runId, owner);
        run(nft, "add table inet " + table + "\n"
                // every element counts what it dropped: the run's evidence that its cuts cut
                + "add set inet " + table + " " + SET + " { type mark . ipv4_addr; counter; }\n"
                + "add set inet " + table + " " + BACK + " { type mark . ipv4_addr; counter; }\n"
                // after conntrack (-200), so that the new connection's entry exists to be stamped
                + "add chain inet " + table + " output { type filter hook output priority 0; policy accept; }\n"
                + "add chain inet " + table + " input { type filter hook input priority -10; policy accept; }\n"
                + "add rule inet " + table + " input ct direction original ct mark . ip daddr @" + SET + " drop\n"
                + "add rule inet " + table + " input ct direction reply ct mark . ip saddr @" + BACK + " drop\n");
        try {
            return new LoopbackPacketFilter(nft, table, NodeCgroups.create(table));
        } catch (RuntimeException e) {
            run(nft, "delete table inet " + table + "\n");
            throw e;
        }
    }

    /**
     * Makes the node on {@code address} a sender the cuts know: creates its cgroup and stamps every
     * connection opened from it. Returns {@code command}, changed to run inside that cgroup.
     */
    synchronized List<String> enroll(String address, List<String> command) {
        requireLoopback(address);
        cgroups.enroll(address);
        StringBuilder rules = new StringBuilder();
        for (int level : cgroups.levels()) {
            rules.append("add rule inet ").append(table).append(" output ct state new socket cgroupv2 level ").append(level)
                    .append(" \"").append(cgroups.nftPath(address)).append("\" ct mark set ").append(mark(address)).append('\n');
        }
        try {
            run(rules.toString());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\nKERNEL network mode in the process backend tells nodes apart by"
                    + " cgroup (nft's socket cgroupv2, Linux 5.13 or later with nftables 0.9.5 or later); where the kernel or nft"
                    + " lacks it, run with -Dfaultline.backend=docker", e);
        }
        return cgroups.wrap(address, command);
    }

    /** The node's cgroup as {@code ss} names it, to find its sockets. */
    String cgroupOf(String address) {
        return cgroups.hierarchyPath(address);
    }

    /** The conntrack mark of connections the node on {@code address} opens: the address as a 32-bit number. */
    static String mark(String address) {
        requireLoopback(address);
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return mark(value);
    }

    /** A mark as nft writes it, and as {@link Link}'s set elements spell it. */
    private static String mark(long value) {
        return String.format("0x%08x", value);
    }

    /** {@code faultline_<owner pid>_<run>}, with every character nft does not take in a name replaced by {@code _}. */
    static String tableName(String runId, long owner) {
        return TABLE_PREFIX + owner + "_" + runId.replaceAll("[^A-Za-z0-9_]", "_");
    }

    String table() {
        return table;
    }

    /** Cuts every link given, in one transaction; cutting a cut link again changes nothing. */
    synchronized void cut(Collection<Link> links) {
        List<Link> added = links.stream().filter(l -> !cut.contains(l)).distinct().toList();
        if (added.isEmpty()) {
            return;
        }
        run("add element inet " + table + " " + SET + " { " + String.join(", ", added.stream().map(Link::element).toList()) + " }\n"
                + "add element inet " + table + " " + BACK + " { " + String.join(", ", added.stream().map(Link::backElement).toList()) + " }\n");
        cut.addAll(added);
    }

    /** Restores every link given, in one transaction. */
    synchronized void heal(Collection<Link> links) {
        List<Link> removed = links.stream().filter(cut::contains).distinct().toList();
        if (removed.isEmpty()) {
            return;
        }
        keepCounts(removed);
        run("delete element inet " + table + " " + SET + " { " + String.join(", ", removed.stream().map(Link::element).toList()) + " }\n"
                + "delete element inet " + table + " " + BACK + " { " + String.join(", ", removed.stream().map(Link::backElement).toList()) + " }\n");
        removed.forEach(cut::remove);
    }

    /** Restores every link. */
    synchronized void healAll() {
        if (cut.isEmpty()) {
            return;
        }
        keepCounts(cut);
        run("flush set inet " + table + " " + SET + "\nflush set inet " + table + " " + BACK + "\n");
        cut.clear();
    }

    synchronized Set<Link> cuts() {
        return Set.copyOf(cut);
    }

    /** How many packets each link's cuts have dropped in this run so far, healed cuts included. */
    synchronized Map<Link, Long> dropped() {
        Map<Link, Long> total = new LinkedHashMap<>(droppedBefore);
        liveCounts(cut).forEach((link, n) -> total.merge(link, n, Long::sum));
        return total;
    }

    private void keepCounts(Collection<Link> links) {
        liveCounts(links).forEach((link, n) -> droppedBefore.merge(link, n, Long::sum));
    }

    /** The packets each link in force has dropped: its element's counter in each set, read as nft's JSON. */
    private Map<Link, Long> liveCounts(Collection<Link> links) {
        Map<String, Long> counters = new HashMap<>();
        try {
            // as arguments: nft prints no JSON for a list command read from a file
            JsonNode listing = JSON.readTree(run(nft, List.of("-j", "list", "table", "inet", table), ""));
            for (JsonNode item : listing.path("nftables")) {
                JsonNode set = item.path("set");
                for (JsonNode elem : set.path("elem")) {
                    JsonNode concat = elem.path("elem").path("val").path("concat");
                    counters.put(set.path("name").asText() + " " + mark(concat.path(0).asLong()) + " . "
                            + concat.path(1).asText(), elem.path("elem").path("counter").path("packets").asLong());
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read nft's JSON listing of table " + table + ": " + e.getMessage(), e);
        }
        Map<Link, Long> counts = new LinkedHashMap<>();
        for (Link link : links) {
            counts.put(link, counters.getOrDefault(SET + " " + link.element(), 0L) + counters.getOrDefault(BACK + " " + link.backElement(), 0L));
        }
        return counts;
    }

    /** What the kernel holds now, read back with {@code nft list table}: for tests and for a run's evidence. */
    synchronized String listing() {
        return run("list table inet " + table + "\n");
    }

    /** Deletes the run's table and with it every cut. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            run("delete table inet " + table + "\n");
            cut.clear();
        } finally {
            cgroups.close();
        }
    }

    /** A shell command that deletes the run's table and cgroups if they exist, for a reaper that outlives this JVM. */
    static String deleteCommand(String runId) {
        String table = tableName(runId, ProcessHandle.current().pid());
        return findNft().orElse("nft") + " delete table inet " + table + " 2>/dev/null; " + NodeCgroups.removeCommand(table);
    }

    /** The tables of this kind that exist now. */
    static List<String> tables() {
        String listing = run(nftCommand(), "list tables\n");
        List<String> tables = new ArrayList<>();
        Matcher m = TABLE.matcher(listing);
        while (m.find()) {
            tables.add(m.group(1));
        }
        return tables;
    }

    /**
     * Deletes the table of every run whose owning JVM is gone, and returns their names. Nothing where
     * {@code nft} cannot be run: there can be no tables then.
     */
    static List<String> sweep() {
        return sweep(table -> owner(table).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false));
    }

    /** The pid in a table's name. */
    static java.util.Optional<Long> owner(String table) {
        Matcher m = OWNER.matcher(table);
        return m.matches() ? java.util.Optional.of(Long.parseLong(m.group(1))) : java.util.Optional.empty();
    }

    /** As {@link #sweep()}, with {@code isLive} judging each table, and each run cgroup, by its name. */
    static List<String> sweep(Predicate<String> isLive) {
        if (findNft().isEmpty()) {
            return List.of();
        }
        List<String> deleted = new ArrayList<>();
        try {
            for (String table : tables()) {
                if (!isLive.test(table)) {
                    run(nftCommand(), "delete table inet " + table + "\n");
                    deleted.add(table);
                }
            }
        } catch (IllegalStateException e) {
            // unprivileged: a run without privilege made no tables either
            if (!e.getMessage().contains("Operation not permitted")) {
                throw e;
            }
        }
        for (String cgroup : NodeCgroups.sweep(isLive)) {
            if (!deleted.contains(cgroup)) {
                deleted.add(cgroup);
            }
        }
        return deleted;
    }

    private String run(String script) {
        return run(nft, script);
    }

    private static String run(String nft, String script) {
        return run(nft, List.of("-f", "-"), script);
    }

    /** Runs {@code nft} with {@code arguments}, {@code script} on its standard input. */
    private static String run(String nft, List<String> arguments, String script) {
        List<String> command = new ArrayList<>(List.of(nft));
        command.addAll(arguments);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(failure(command, script, out));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + nft + " (" + e.getMessage() + "). " + INSTALL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command) + " " + script.trim(), e);
        }
    }

    private static final String INSTALL = "KERNEL network mode in the process backend cuts links with nftables rules between"
            + " the nodes' loopback addresses: install nftables (apt-get install -y nftables), or run with -Dfaultline.backend=docker";

    private static String failure(List<String> command, String script, String out) {
        String nft = command.get(0);
        String what = String.join(" ", command) + (script.isBlank() ? "" : " with:\n  " + script.trim().replace("\n", "\n  "))
                + "\nfailed: " + out;
        if (out.contains("Operation not permitted") || out.contains("Permission denied")) {
            return what + "\nKERNEL network mode in the process backend needs CAP_NET_ADMIN to add nftables rules on loopback:"
                    + " run the tests as root, or grant it to nft once with: sudo setcap cap_net_admin+ep "
                    + nft + " — or run with -Dfaultline.backend=docker";
        }
        return what;
    }

    private static String nftCommand() {
        return findNft().orElseThrow(() -> new IllegalStateException("no nft command on this machine. " + INSTALL));
    }

    private static java.util.Optional<String> findNft() {
        return Stream.of("/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft", "/bin/nft")
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    private static void requireLoopback(String address) {
        if (address == null || !address.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("loopback cuts join IPv4 loopback addresses (127.x.y.z), not " + address);
        }
    }
}
