package io.faultline.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A client of the reference service: finds the leader by following redirects and reports each
 * operation's outcome the way a linearizability checker needs it.
 *
 * <pre>{@code
 * try (ReferenceClient client = ReferenceClient.connect("n1=127.0.0.2:7001,n2=127.0.0.3:7001", Duration.ofSeconds(2))) {
 *     ReferenceClient.Reply r = client.cas(0, 1);   // OK 1, FAIL (cas mismatch, no leader) or ERROR (unknown)
 * }
 * }</pre>
 *
 * A request goes to the node believed to lead (at first, the first one listed). REDIRECT moves it to
 * the named leader, or on to the next node when the leader is unknown; so does a node that cannot be
 * reached. Once a request has been sent, no answer within the timeout (or a broken connection) is an
 * {@link Outcome#ERROR}: it may have been applied, so the client never retries it elsewhere. One call
 * at a time; use one client per concurrent worker.
 */
public final class ReferenceClient implements AutoCloseable {
    private static final long RETRY_PAUSE_MS = 20;

    /** What a caller may conclude from a reply. */
    public enum Outcome {
        /** Done; {@link Reply#value()} is the register's value after it (or the value read). */
        OK,
        /** Certainly not done: a CAS whose expected value did not match, a read that could not be confirmed, no leader. */
        FAIL,
        /** Unknown: a write may or may not take effect. */
        ERROR
    }

    /** An operation's outcome; {@code value} is meaningful only when OK, {@code detail} says why otherwise. */
    public record Reply(Outcome outcome, long value, String detail) {
        public boolean isOk() {
            return outcome == Outcome.OK;
        }
    }

    /**
     * A node's answer to {@code MEMBERS}: its role, term, the leader it knows, the index of the last log
     * entry it applied (how far it has caught up), and its failure detector's opinions.
     */
    public record Members(String node, String role, long term, String leader, long applied, Set<String> suspected,
                          Set<String> trusted) {
    }

    private final Map<String, InetSocketAddress> nodes;
    private final List<String> order;
    private final Duration timeout;
    private final Map<String, Connection> connections = new HashMap<>();
    private String preferred;
    private long nextId;

    /** @param nodes each node's id and client address, in the order to try them */
    public ReferenceClient(Map<String, InetSocketAddress> nodes, Duration timeout) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one node address");
        }
        this.nodes = new LinkedHashMap<>(nodes);
        this.order = new ArrayList<>(nodes.keySet());
        this.timeout = timeout;
        this.preferred = order.get(0);
    }

    /** @param nodes {@code n1=host:port,n2=host:port}, the same syntax as the {@code peers} key */
    public static ReferenceClient connect(String nodes, Duration timeout) {
        return new ReferenceClient(Config.peers(nodes), timeout);
    }

    public synchronized Reply read() {
        return call("READ");
    }

    public synchronized Reply write(long value) {
        return call("WRITE " + value);
    }

    public synchronized Reply cas(long expected, long update) {
        return call("CAS " + expected + " " + update);
    }

    /** Asks one node for its view of the cluster. */
    public synchronized Members members(String node) throws IOException {
        Connection c = connection(node, timeout.toMillis());
        try {
            c.send("MEMBERS");
            String line = c.receive(timeout.toMillis());
            Map<String, String> f = new HashMap<>();
            for (String field : line.split(" ")) {
                String[] kv = field.split("=", 2);
                f.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            return new Members(f.get("node"), f.get("role"), Long.parseLong(f.get("term")), f.get("leader"),
                    Long.parseLong(f.get("applied")), names(f.get("suspected")), names(f.get("trusted")));
        } catch (IOException | RuntimeException e) {
            drop(node);
            throw e instanceof IOException io ? io : new IOException(node + " answered MEMBERS unexpectedly", e);
        }
    }

    @Override
    public synchronized void close() {
        new ArrayList<>(connections.keySet()).forEach(this::drop);
    }

    private Reply call(String request) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String target = preferred;
        String problem = "no node was tried";
        for (int hop = 0; ; hop++) {
            if (hop > 0 && !pause(deadline, timeout.toMillis() / 4)) {
                return new Reply(Outcome.FAIL, 0, "no leader answered within " + timeout.toMillis() + " ms; last: " + problem);
            }
            Connection c;
            try {
                c = connection(target, remainingMs(deadline));
                c.send(++nextId + " " + request);
            } catch (IOException e) {
                // Not sent, so certainly not applied: try the next node.
                drop(target);
                problem = target + ": " + e.getMessage();
                target = after(target);
                continue;
            }
            String line;
            try {
                line = c.receive(remainingMs(deadline));
            } catch (IOException e) {
                drop(target);
                return new Reply(Outcome.ERROR, 0, (e instanceof SocketTimeoutException ? "no answer from " : "lost ")
                        + target + " after sending " + request + ": " + e.getMessage());
            }
            String[] f = line.split(" ", 3);
            if (f.length < 3 || !f[0].equals(Long.toString(nextId))) {
                drop(target);
                return new Reply(Outcome.ERROR, 0, target + " answered '" + line + "' to request " + nextId);
            }
            switch (f[1]) {
                case "OK":
                    preferred = target;
                    return new Reply(Outcome.OK, Long.parseLong(f[2]), "");
                case "FAIL":
                    return new Reply(Outcome.FAIL, 0, f[2]);
                case "ERROR":
                    return new Reply(Outcome.ERROR, 0, f[2]);
                default:
                    problem = target + " redirected to " + f[2];
                    target = nodes.containsKey(f[2]) && !f[2].equals(target) ? f[2] : after(target);
                    preferred = target;
            }
        }
    }

    private String after(String node) {
        return order.get((order.indexOf(node) + 1) % order.size());
    }

    /**
     * Waits a little before the next attempt; false if less than {@code reserveMs} would be left for it.
     * The reserve keeps a hopeless search for a leader from ending in a request sent just before the
     * deadline, whose outcome would then be unknown when nothing was ever applied.
     */
    private static boolean pause(long deadline, long reserveMs) {
        if (remainingMs(deadline) <= RETRY_PAUSE_MS + reserveMs) {
            return false;
        }
        try {
            Thread.sleep(RETRY_PAUSE_MS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long remainingMs(long deadline) {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }

    private Connection connection(String node, long timeoutMs) throws IOException {
        Connection c = connections.get(node);
        if (c != null && c.isStale()) {
            drop(node);
            c = null;
        }
        if (c == null) {
            c = new Connection(nodes.get(node), (int) Math.min(timeoutMs, 1000));
            connections.put(node, c);
        }
        return c;
    }

    private void drop(String node) {
        Connection c = connections.remove(node);
        if (c != null) {
            c.close();
        }
    }

    private static Set<String> names(String list) {
        return list == null || list.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(list.split(",")));
    }

    /** One TCP connection to one node's client port. */
    private static final class Connection {
        private final Socket socket;
        private final BufferedReader in;
        private final Writer out;

        Connection(InetSocketAddress address, int connectTimeoutMs) throws IOException {
            socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), connectTimeoutMs);
                socket.setTcpNoDelay(true);
                in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        void send(String line) throws IOException {
            out.write(line + "\n");
            out.flush();
        }

        String receive(long timeoutMs) throws IOException {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs));
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            return line;
        }

        /**
         * Whether the node closed this idle connection (it restarted, or a proxy dropped it). Checked before
         * each request: sent on a dead connection, the request would come back as an unknown outcome.
         */
        boolean isStale() {
            try {
                socket.setSoTimeout(1);
                in.read(); // end of stream, or bytes nobody asked for: either way, not fit for a request
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
