package io.faultline.harness.backend.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One cgroup (v2) per node of a KERNEL-mode run, {@code <cgroup2 mount>/faultline_<pid>_<run>/<node
 * address>}, so that the kernel can tell which node sent a packet whatever source address it dialled
 * from: etcd, for one, dials its peers from 127.0.0.1 although it listens on its own address, and a
 * cut between addresses alone never touches those links. A node enters its cgroup before it runs
 * (a shell writes its own pid there, then execs the node: {@link #wrap}), so every socket it or its
 * children open belongs to it.
 *
 * <p>The directories go at {@link #close()}, after everything left in them is killed through
 * {@code cgroup.kill}; a dead run's reaper and the next run's {@link #sweep} do the same.
 */
final class NodeCgroups implements AutoCloseable {
    /** Where nft looks a cgroupv2 path up: a rule names a cgroup by its path below this directory. */
    static final Path NFT_ROOT = Path.of("/sys/fs/cgroup");
    private static final long REMOVE_TIMEOUT_NANOS = 5_000_000_000L;

    private final Path mount;
    private final int rootDepth;
    private final Path run;
    private boolean closed;

    private NodeCgroups(Mount mount, Path run) {
        this.mount = mount.point();
        this.rootDepth = mount.rootDepth();
        this.run = run;
    }

    /**
     * A cgroup2 mount: where it is, and how deep in the hierarchy (as this process sees it) its root
     * lies, 0 unless a subtree was mounted.
     */
    record Mount(Path point, int rootDepth) {
    }

    /** Creates the run's cgroup, {@code name} below the cgroup2 mount; fails, naming the fix, where there is none to write to. */
    static NodeCgroups create(String name) {
        Mount mount = mount().orElseThrow(() -> new IllegalStateException("no writable cgroup2 file system is mounted under "
                + NFT_ROOT + ". " + WHY + " Mount it (mount -t cgroup2 none /sys/fs/cgroup/unified), or run with -Dfaultline.backend=docker"));
        Path run = mount.point().resolve(name);
        try {
            Files.createDirectories(run);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the cgroup " + run + " (" + e + "). " + WHY
                    + " Run the tests as root, or run with -Dfaultline.backend=docker", e);
        }
        return new NodeCgroups(mount, run);
    }

    private static final String WHY = "KERNEL network mode in the process backend puts each node in its own cgroup v2,"
            + " so that a cut reaches a node's links whatever address it dials from.";

    /** The cgroup2 mount, where it lies under {@link #NFT_ROOT} (the only place nft finds a cgroup by path). */
    static Optional<Mount> mount() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
            return lines.map(NodeCgroups::cgroup2Mount).flatMap(Optional::stream)
                    .filter(m -> m.point().startsWith(NFT_ROOT) && Files.isWritable(m.point()))
                    .findFirst();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The mount a {@code /proc/self/mountinfo} line describes if it mounts cgroup2: {@code id parent dev root point opts ... - type ...}. */
    static Optional<Mount> cgroup2Mount(String line) {
        int dash = line.indexOf(" - ");
        if (dash < 0 || !line.substring(dash + 3).startsWith("cgroup2 ")) {
            return Optional.empty();
        }
        String[] fields = line.substring(0, dash).split(" ");
        if (fields.length <= 4) {
            return Optional.empty();
        }
        int rootDepth = (int) Stream.of(fields[3].split("/")).filter(part -> !part.isEmpty()).count();
        return Optional.of(new Mount(Path.of(fields[4].replace("\\040", " ")), rootDepth));
    }

    /** Creates the cgroup of the node on {@code address}. */
    Path enroll(String address) {
        Path node = run.resolve(address);
        try {
            Files.createDirectories(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the cgroup " + node + " of node " + address + " (" + e + ")", e);
        }
        return node;
    }

    /** {@code command}, run inside the cgroup of the node on {@code address} from its first instruction on. */
    List<String> wrap(String address, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"",
                run.resolve(address).toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The node's cgroup as nft names it: its path below {@link #NFT_ROOT}. */
    String nftPath(String address) {
        return NFT_ROOT.relativize(run.resolve(address)).toString();
    }

    /** The node's cgroup as {@code ss} names it: its path from the root of the cgroup2 hierarchy. */
    String hierarchyPath(String address) {
        return "/" + mount.relativize(run.resolve(address));
    }

    /**
     * The levels of the hierarchy at which the node's cgroup may lie, for nft's {@code socket cgroupv2
     * level}: the kernel counts levels from the hierarchy's true root, which a cgroup namespace (a
     * container's, say) hides, so the node's level is known only to be at least its depth below the
     * mount. Cgroup ids are unique, so a rule at each candidate level matches the node's sockets and
     * nothing else; eight levels cover any nesting seen in practice.
     */
    List<Integer> levels() {
        int depth = rootDepth + 2;
        return java.util.stream.IntStream.range(depth, depth + 8).boxed().toList();
    }

    /** Kills whatever is still in the run's cgroups and removes them. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        remove(run);
    }

    /** A shell command that kills what is left in the run's cgroups and removes them, for a reaper that outlives this JVM. */
    static String removeCommand(String name) {
        return mount().map(m -> {
            String dir = m.point().resolve(name).toString();
            return "for d in '" + dir + "'/*/; do echo 1 > \"$d/cgroup.kill\"; done 2>/dev/null;"
                    + " sleep 1; rmdir '" + dir + "'/* '" + dir + "' 2>/dev/null";
        }).orElse("true");
    }

    /** The run cgroups ({@code faultline_*}) that exist now. */
    static List<String> names() {
        return mount().map(m -> names(m.point())).orElse(List.of());
    }

    private static List<String> names(Path mount) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(mount, LoopbackPacketFilter.TABLE_PREFIX + "*")) {
            dirs.forEach(d -> names.add(d.getFileName().toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + mount + " (" + e + ")", e);
        }
        return names;
    }

    /** Kills what is in, and removes, each run cgroup whose name {@code isLive} rejects; returns their names. */
    static List<String> sweep(Predicate<String> isLive) {
        Optional<Path> mount = mount().map(Mount::point);
        if (mount.isEmpty()) {
            return List.of();
        }
        List<String> swept = new ArrayList<>();
        for (String name : names(mount.get())) {
            if (!isLive.test(name)) {
                remove(mount.get().resolve(name));
                swept.add(name);
            }
        }
        return swept;
    }

    /**
     * Kills the processes in each node cgroup below {@code run}, then removes them and {@code run}.
     * A killed process leaves its cgroup only once the kernel has finished it, so removal is retried.
     */
    private static void remove(Path run) {
        if (!Files.isDirectory(run)) {
            return;
        }
        List<Path> nodes = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(run, Files::isDirectory)) {
            dirs.forEach(nodes::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the cgroups in " + run + " (" + e + ")", e);
        }
        for (Path node : nodes) {
            Path kill = node.resolve("cgroup.kill");
            if (Files.exists(kill) && !isEmpty(node)) {
                try {
                    Files.writeString(kill, "1", StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot kill what is left in the cgroup " + node + " (" + e + ")", e);
                }
            }
        }
        nodes.add(run);
        long deadline = System.nanoTime() + REMOVE_TIMEOUT_NANOS;
        for (Path dir : nodes) {
            while (true) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("cannot remove the cgroup " + dir + " (" + e + "); the processes still in it: "
                                + procs(dir), e);
                    }
                    sleep();
                }
            }
        }
    }

    private static boolean isEmpty(Path cgroup) {
        return procs(cgroup).isBlank();
    }

    private static String procs(Path cgroup) {
        try {
            return Files.readString(cgroup.resolve("cgroup.procs")).trim().replace('\n', ' ');
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while removing a run's cgroups", e);
        }
    }
}
