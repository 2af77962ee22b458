package io.faultline.suites.ratis;

import io.faultline.checkers.history.Keyword;
import io.faultline.harness.Client;
import io.faultline.harness.Cluster;
import io.faultline.harness.Completion;
import io.faultline.harness.Invocation;
import io.faultline.harness.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;

/**
 * The register of a {@link RatisCluster}, as the cas-register model names its operations:
 * {@code read}, {@code write v}, {@code cas [old new]}.
 *
 * <p>Each process has a home server, {@code n(p mod N + 1)}, and reads there only ({@link Reads#READ_ONLY}):
 * a read-only request addressed to that server, not retried elsewhere, so what a server that believes
 * it leads answers reaches the history. Under {@code DEFAULT} a follower refuses (not the leader): a
 * failed read. Reads through the log ({@link Reads#LOG}) go to the leader like writes.
 * Writes and compare-and-sets go to whichever server leads, found by Ratis's client as usual.
 * Outcomes: a read that got no value failed (it changed nothing); a CAS whose old value did not match
 * failed; a write or CAS without an answer may or may not have happened, so the client throws and
 * the harness records {@code :info}.
 */
public final class RatisRegisterClient implements Client {
    /** How a read is served. */
    public enum Reads {
        /**
         * A read-only request to the process's home server, answered outside the log as the servers'
         * read option says ({@code DEFAULT}: by a server that believes it leads; {@code LINEARIZABLE}:
         * after ReadIndex).
         */
        READ_ONLY,
        /** A {@code read} command through the log, like a write: linearizable by Raft itself. */
        LOG
    }

    /** Short, so that an update sent to a leader that stopped answering soon tries the next server. */
    private static final TimeDuration UPDATE_TIMEOUT = TimeDuration.valueOf(500, TimeUnit.MILLISECONDS);
    /**
     * Long, so that a read waits for its home server to answer rather than fail over: what a paused
     * leader answers when it resumes is what a read-only request to it can get.
     */
    private static final TimeDuration READ_TIMEOUT = TimeDuration.valueOf(4, TimeUnit.SECONDS);

    private final RaftClient updates;
    private final RaftClient reads;
    private final RaftPeerId home;
    private final Reads readMode;

    private RatisRegisterClient(RaftClient updates, RaftClient reads, RaftPeerId home, Reads readMode) {
        this.updates = updates;
        this.reads = reads;
        this.home = home;
        this.readMode = readMode;
    }

    /**
     * Clients through every server's client proxy, process p at home on the (p mod N)-th. Give the
     * workload a multiple of N processes: the harness renumbers process p as p + processes, which
     * keeps p mod N only then.
     */
    public static Client.Factory factory(Reads readMode) {
        return (cluster, process) -> {
            List<Node> nodes = cluster.nodes();
            RaftPeerId home = RaftPeerId.valueOf(nodes.get(process % nodes.size()).name());
            RaftGroup group = group(cluster);
            return new RatisRegisterClient(
                    client(group, UPDATE_TIMEOUT,
                            RetryPolicies.retryUpToMaximumCountWithFixedSleep(20, TimeDuration.valueOf(50, TimeUnit.MILLISECONDS))),
                    client(group, READ_TIMEOUT, RetryPolicies.noRetry()), home, readMode);
        };
    }

    private static RaftGroup group(Cluster cluster) {
        List<RaftPeer> peers = new ArrayList<>();
        for (Node node : cluster.nodes()) {
            peers.add(RaftPeer.newBuilder().setId(node.name())
                    .setAddress(cluster.clientAddress(node.name(), RatisCluster.PORT)).build());
        }
        return RaftGroup.valueOf(RatisConfig.GROUP, peers);
    }

    private static RaftClient client(RaftGroup group, TimeDuration timeout, RetryPolicy retry) {
        RaftProperties properties = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, timeout);
        return RaftClient.newBuilder().setProperties(properties).setRaftGroup(group).setRetryPolicy(retry).build();
    }

    @Override
    public Completion invoke(Invocation invocation) throws Exception {
        return switch (invocation.f()) {
            case "read" -> read();
            case "write" -> {
                long value = number(invocation.value());
                expect(updates.io().send(Message.valueOf("write " + value)), "ok");
                yield Completion.ok(value);
            }
            case "cas" -> cas(invocation.value());
            default -> throw new IllegalArgumentException("a cas register knows read, write and cas, not " + invocation.f());
        };
    }

    private Completion read() {
        RaftClientReply reply;
        try {
            reply = readMode == Reads.LOG ? updates.io().send(Message.valueOf("read"))
                    : reads.io().sendReadOnly(Message.valueOf("read"), home);
        } catch (IOException | RuntimeException e) {
            return Completion.fail(Keyword.of(reason(e)));
        }
        if (!reply.isSuccess()) {
            return Completion.fail(Keyword.of(reply.getException() == null ? "refused" : reason(reply.getException())));
        }
        return Completion.ok(Long.parseLong(text(reply)));
    }

    private Completion cas(Object argument) throws IOException {
        if (!(argument instanceof List<?> pair) || pair.size() != 2) {
            throw new IllegalArgumentException("a cas takes [old new], got " + argument);
        }
        long expected = number(pair.get(0));
        long replacement = number(pair.get(1));
        RaftClientReply reply = updates.io().send(Message.valueOf("cas " + expected + " " + replacement));
        if (reply.isSuccess() && text(reply).equals("mismatch")) {
            return Completion.fail(Keyword.of("mismatch"));
        }
        expect(reply, "ok");
        return Completion.ok(List.of(expected, replacement));
    }

    /** An update the group did not confirm may still have been applied: throwing makes it {@code :info}. */
    private static void expect(RaftClientReply reply, String answer) throws IOException {
        if (!reply.isSuccess() || !text(reply).equals(answer)) {
            throw new IOException("no confirmation: " + (reply.isSuccess() ? text(reply) : reply.getException()));
        }
    }

    private static String text(RaftClientReply reply) {
        return reply.getMessage().getContent().toString(StandardCharsets.UTF_8);
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("a cas register holds integers, got " + value);
    }

    @Override
    public void close() throws IOException {
        try {
            updates.close();
        } finally {
            reads.close();
        }
    }
}
