package io.faultline.suites.reference;

import io.faultline.harness.Client;
import io.faultline.harness.Cluster;
import io.faultline.harness.Completion;
import io.faultline.harness.Invocation;
import io.faultline.reference.ReferenceClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference service's register as the cas-register model sees it: {@code read}, {@code write v}
 * and {@code cas [old new]}, over {@link ReferenceClient}, which follows REDIRECTs to the leader.
 *
 * <p>Each process has a home node ({@code n(process mod N + 1)}) and tries it first. Reads and updates
 * keep separate connections and separate guesses of the leader, so that reads keep starting at the
 * home node as long as it answers them: a client reading from a nearby replica, which is what lets a
 * follower that serves reads on its own (a planted bug) show itself. A correct follower redirects, and
 * reads then go to the leader like updates.
 *
 * <p>Outcomes, from what certainly did or did not happen:
 * <ul>
 *   <li>{@code OK}: {@code :ok}.
 *   <li>{@code FAIL} (a CAS that did not match, a request no leader took): {@code :fail}.
 *   <li>{@code ERROR} (sent, then no answer, or the leader lost its leadership before committing): the
 *       write may still take effect, so {@code :info}. A read changes nothing, so an unanswered read is
 *       a {@code :fail}, which spares the checker an operation that could have happened at any time.
 * </ul>
 */
public final class ReferenceRegisterClient implements Client {
    /** Below the workload's operation timeout, so that the service's own verdict is what gets recorded. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final Map<String, InetSocketAddress> nodes;
    private final ReferenceClient updates;
    private ReferenceClient reads;
    /** How far the read connection's order of nodes has been rotated past the home node. */
    private int readsFrom;

    private ReferenceRegisterClient(Map<String, InetSocketAddress> nodes) {
        this.nodes = nodes;
        this.reads = new ReferenceClient(nodes, TIMEOUT);
        this.updates = new ReferenceClient(nodes, TIMEOUT);
    }

    /** Clients that reach every node through its client proxy, process p starting at node p mod N. */
    public static Client.Factory factory() {
        return (cluster, process) -> new ReferenceRegisterClient(homeFirst(cluster, process));
    }

    /** Every node's client address, in cluster order rotated so that the process's home node comes first. */
    static Map<String, InetSocketAddress> homeFirst(Cluster cluster, int process) {
        List<String> names = cluster.spec().nodeNames();
        Map<String, InetSocketAddress> nodes = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get((process + i) % names.size());
            String address = cluster.clientAddress(name, ReferenceCluster.CLIENT_PORT);
            int colon = address.lastIndexOf(':');
            nodes.put(name, InetSocketAddress.createUnresolved(address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1))));
        }
        return nodes;
    }

    @Override
    public Completion invoke(Invocation invocation) {
        return switch (invocation.f()) {
            case "read" -> read();
            case "write" -> update(updates.write(number(invocation.value())), invocation.value());
            case "cas" -> cas(invocation.value());
            default -> throw new IllegalArgumentException("a cas register knows read, write and cas, not " + invocation.f());
        };
    }

    private Completion read() {
        ReferenceClient.Reply reply = reads.read();
        if (reply.outcome() == ReferenceClient.Outcome.ERROR) {
            startReadsAtTheNextNode();
        }
        return reply.isOk() ? Completion.ok(reply.value()) : Completion.fail(reply.detail());
    }

    /**
     * {@link ReferenceClient} moves on to the next node only when it cannot connect; behind a proxy it
     * always can, and a dead node shows as a connection closed after the request, an ERROR. Updates
     * get a fresh client after an ERROR (their process is renumbered), reads do not: without this they
     * would keep asking a dead node first until it came back.
     */
    private void startReadsAtTheNextNode() {
        reads.close();
        readsFrom++;
        List<String> names = List.copyOf(nodes.keySet());
        Map<String, InetSocketAddress> rotated = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get((readsFrom + i) % names.size());
            rotated.put(name, nodes.get(name));
        }
        reads = new ReferenceClient(rotated, TIMEOUT);
    }

    private Completion cas(Object argument) {
        if (!(argument instanceof List<?> pair) || pair.size() != 2) {
            throw new IllegalArgumentException("a cas takes [old new], got " + argument);
        }
        return update(updates.cas(number(pair.get(0)), number(pair.get(1))), List.of(number(pair.get(0)), number(pair.get(1))));
    }

    private static Completion update(ReferenceClient.Reply reply, Object value) {
        return switch (reply.outcome()) {
            case OK -> Completion.ok(value);
            case FAIL -> Completion.fail(reply.detail());
            case ERROR -> Completion.info(reply.detail());
        };
    }

    @Override
    public void close() {
        reads.close();
        updates.close();
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("a cas register holds integers, got " + value);
    }
}
