package io.faultline.harness.backend.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kernel cuts between local processes that each bind their own loopback address: one nftables table
 * per run, {@code inet faultline_<run>}, whose input chain drops every packet whose source and
 * destination addresses are a cut pair in its set. A packet between two 127.0.0.x addresses passes
 * the input hook of the loopback device, so a rule there acts on TCP and UDP alike, on every port,
 * and silently: TCP retransmits into the void and a connection stalls instead of failing, as across
 * a real partition.
 *
 * <p>Each change is one {@code nft -f} transaction, so a partition's cuts appear together and a heal
 * removes them together. The table's name carries the owning JVM's pid and the run's id,
 * {@code faultline_<pid>_<run>}: {@link #close()} deletes it, a dead run's reaper deletes it
 * ({@link #deleteCommand}), and {@link #sweep} deletes every table whose owner is gone.
 */
final class LoopbackPacketFilter implements AutoCloseable {
    static final String TABLE_PREFIX = "faultline_";
    private static final String SET = "cuts";
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

        private String element() {
            return from + " . " + to;
        }
    }

    private final String nft;
    private final String table;
    private final Set<Link> cut = new LinkedHashSet<>();
    private boolean closed;

    private LoopbackPacketFilter(String nft, String table) {
        this.nft = nft;
        this.table = table;
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
        LoopbackPacketFilter filter = new LoopbackPacketFilter(nft, tableName(runId, owner));
        filter.run("add table inet " + filter.table + "\n"
                + "add set inet " + filter.table + " " + SET + " { type ipv4_addr . ipv4_addr; }\n"
                + "add chain inet " + filter.table + " input { type filter hook input priority -10; policy accept; }\n"
                + "add rule inet " + filter.table + " input ip saddr . ip daddr @" + SET + " drop\n");
        return filter;
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
        run("add element inet " + table + " " + SET + " { " + String.join(", ", added.stream().map(Link::element).toList()) + " }\n");
        cut.addAll(added);
    }

    /** Restores every link given, in one transaction. */
    synchronized void heal(Collection<Link> links) {
        List<Link> removed = links.stream().filter(cut::contains).distinct().toList();
        if (removed.isEmpty()) {
            return;
        }
        run("delete element inet " + table + " " + SET + " { " + String.join(", ", removed.stream().map(Link::element).toList()) + " }\n");
        removed.forEach(cut::remove);
    }

    /** Restores every link. */
    synchronized void healAll() {
        if (cut.isEmpty()) {
            return;
        }
        run("flush set inet " + table + " " + SET + "\n");
        cut.clear();
    }

    synchronized Set<Link> cuts() {
        return Set.copyOf(cut);
    }

    /** What the kernel holds now, read back with {@code nft list set}: for tests and for a run's evidence. */
    synchronized String listing() {
        return run("list set inet " + table + " " + SET + "\n");
    }

    /** Deletes the run's table and with it every cut. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        run("delete table inet " + table + "\n");
        cut.clear();
    }

    /** A shell command that deletes the run's table if it exists, for a reaper that outlives this JVM. */
    static String deleteCommand(String runId) {
        return findNft().orElse("nft") + " delete table inet " + tableName(runId, ProcessHandle.current().pid()) + " 2>/dev/null";
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

    /** As {@link #sweep()}, with {@code isLive} judging each table by its name. */
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
        return deleted;
    }

    private String run(String script) {
        return run(nft, script);
    }

    private static String run(String nft, String script) {
        List<String> command = List.of(nft, "-f", "-");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(failure(nft, script, out));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + nft + " (" + e.getMessage() + "). " + INSTALL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + nft + " -f - with: " + script.trim(), e);
        }
    }

    private static final String INSTALL = "KERNEL network mode in the process backend cuts links with nftables rules between"
            + " the nodes' loopback addresses: install nftables (apt-get install -y nftables), or run with -Dfaultline.backend=docker";

    private static String failure(String nft, String script, String out) {
        String what = nft + " -f - with:\n  " + script.trim().replace("\n", "\n  ") + "\nfailed: " + out;
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
