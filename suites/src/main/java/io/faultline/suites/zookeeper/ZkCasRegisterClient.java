package io.faultline.suites.zookeeper;

import io.faultline.checkers.history.Keyword;
import io.faultline.harness.Client;
import io.faultline.harness.Completion;
import io.faultline.harness.Invocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A compare-and-set register in one znode, {@value #PATH}, holding a decimal integer; it starts at 0.
 * Operations, as the cas-register model names them: {@code read}, {@code write v} and
 * {@code cas [old new]}.
 *
 * <p>How each outcome is reported follows from what certainly did or did not happen:
 * <ul>
 *   <li>A read that got no answer had no effect either way: {@code :fail}.
 *   <li>A CAS whose value did not match, or whose conditional write met a newer version, wrote
 *       nothing: {@code :fail}.
 *   <li>A write lost to connection loss, session expiry or a timeout may or may not have been
 *       applied: the client throws and the harness records {@code :info}.
 * </ul>
 */
public final class ZkCasRegisterClient implements Client {
    static final String PATH = "/faultline-register";
    /** Short, so that an expired session (and its :info) follows a fault by seconds, not tens of seconds. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** How reads are served. */
    public enum Reads {
        /**
         * {@code sync} then {@code getData}. A ZooKeeper server answers reads from its own copy,
         * which may lag the leader; {@code sync} makes it catch up with the leader first. That is
         * linearizable as long as the server's leader really still leads: an isolated leader keeps
         * answering for up to syncLimit x tickTime before it notices.
         */
        SYNCED,
        /**
         * {@code getData}, then {@code setData} of the same bytes conditional on the version read: the
         * read counts only if no write came between, and then it took effect at that quorum write.
         * Linearizable whatever the servers believe about leadership; a conflict is a failed read.
         */
        QUORUM,
        /** {@code getData} alone: sequentially consistent, not linearizable; a lagging follower answers stale. */
        LOCAL
    }

    private final ZooKeeper zk;
    private final Reads reads;

    private ZkCasRegisterClient(ZooKeeper zk, Reads reads) {
        this.zk = zk;
        this.reads = reads;
    }

    /**
     * Clients whose reads are quorum writes, connected to every server's client proxy. Synced reads
     * ({@link Reads#SYNCED}) were seen to return a stale value in a Docker run with a partition healed
     * 1.6 s before, so the default read is the one
     * ZooKeeper guarantees.
     */
    public static Client.Factory factory() {
        return factory(Reads.QUORUM);
    }

    public static Client.Factory factory(Reads reads) {
        return (cluster, process) -> connect(cluster.clientAddresses(ZooKeeperCluster.CLIENT_PORT), reads);
    }

    /**
     * Clients each connected to one server only, process p to the (p mod N)-th: its home, which it
     * keeps when renumbered after an indeterminate operation. A ZooKeeper client given several servers
     * moves to another when its server stops serving; pinned, the reads a cut-off server answers reach
     * the history instead of being hidden by a reconnect elsewhere. Give the workload a multiple of N
     * processes: the harness renumbers process p as p + processes, which keeps p mod N only then.
     */
    public static Client.Factory pinned(Reads reads) {
        return (cluster, process) -> {
            String home = cluster.nodes().get(process % cluster.nodes().size()).name();
            return connect(cluster.clientAddress(home, ZooKeeperCluster.CLIENT_PORT), reads);
        };
    }

    /**
     * Connects to {@code connectString} and makes sure the register exists: the first client to
     * get there creates it with 0; later ones find it.
     */
    public static ZkCasRegisterClient connect(String connectString, Reads reads) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, (int) SESSION_TIMEOUT.toMillis(), event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            if (!connected.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("no ZooKeeper server of " + connectString + " accepted a session within "
                        + CONNECT_TIMEOUT.toSeconds() + " s");
            }
            createRegister(zk);
            return new ZkCasRegisterClient(zk, reads);
        } catch (IOException | InterruptedException | RuntimeException e) {
            zk.close();
            throw e;
        }
    }

    private static void createRegister(ZooKeeper zk) throws IOException, InterruptedException {
        try {
            zk.create(PATH, encode(0), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // another client was first
        } catch (KeeperException e) {
            throw new IOException("could not create " + PATH + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Completion invoke(Invocation invocation) throws Exception {
        return switch (invocation.f()) {
            case "read" -> read();
            case "write" -> write(number(invocation.value()));
            case "cas" -> cas(invocation.value());
            default -> throw new IllegalArgumentException("a cas register knows read, write and cas, not " + invocation.f());
        };
    }

    private Completion read() throws InterruptedException {
        try {
            if (reads == Reads.SYNCED) {
                zk.sync(PATH);
            }
            org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
            byte[] data = zk.getData(PATH, false, stat);
            if (reads == Reads.QUORUM) {
                zk.setData(PATH, data, stat.getVersion());
            }
            return Completion.ok(decode(data));
        } catch (KeeperException e) {
            return Completion.fail(error(e));
        }
    }

    private Completion write(long value) throws KeeperException, InterruptedException {
        zk.setData(PATH, encode(value), -1);
        return Completion.ok(value);
    }

    private Completion cas(Object argument) throws KeeperException, InterruptedException {
        if (!(argument instanceof List<?> pair) || pair.size() != 2) {
            throw new IllegalArgumentException("a cas takes [old new], got " + argument);
        }
        long expected = number(pair.get(0));
        long replacement = number(pair.get(1));
        Stat stat = new Stat();
        byte[] current;
        try {
            current = zk.getData(PATH, false, stat);
        } catch (KeeperException e) {
            return Completion.fail(error(e));
        }
        if (decode(current) != expected) {
            return Completion.fail(Keyword.of("mismatch"));
        }
        // Conditional on the version read: it applies only if nobody wrote in between, so a stale
        // read above can make the CAS fail, never make it succeed wrongly.
        try {
            zk.setData(PATH, encode(replacement), stat.getVersion());
        } catch (KeeperException.BadVersionException e) {
            return Completion.fail(Keyword.of("bad-version"));
        }
        return Completion.ok(List.of(expected, replacement));
    }

    @Override
    public void close() throws InterruptedException {
        zk.close();
    }

    private static Keyword error(KeeperException e) {
        return Keyword.of(e.code().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("a cas register holds integers, got " + value);
    }

    private static byte[] encode(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static long decode(byte[] data) {
        return Long.parseLong(new String(data, StandardCharsets.US_ASCII));
    }
}
