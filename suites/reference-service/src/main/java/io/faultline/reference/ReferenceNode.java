package io.faultline.reference;

import java.io.IOException;
import java.nio.file.Path;
import java.security.Security;

/**
 * One node of the reference service: {@code java io.faultline.reference.ReferenceNode node.properties}.
 * The module's README lists the configuration keys, the client protocol and the lines printed on stdout.
 *
 * <p>It wires one class per concern: {@link Transport} (node-to-node TCP), {@link FailureDetector}
 * and {@link Membership} (who is suspected), {@link RaftLog} over {@link WriteAheadLog} and
 * {@link Checkpoints} (what must survive a crash), {@link Replica} with {@link Candidate} and
 * {@link Leader} (election and replication) and {@link ClientServer} (the client protocol).
 * SIGTERM closes it in order; after SIGKILL the write-ahead log already holds every promise made.
 */
public final class ReferenceNode implements AutoCloseable {
    private final Transport transport;
    private final FailureDetector detector;
    private final RaftLog log;
    private final Replica replica;
    private final ClientServer clients;

    private ReferenceNode(Config config) throws IOException {
        EventLog events = new EventLog(config.nodeId(), System.out);
        Membership membership = new Membership(config.peers().keySet().stream().sorted().toList(), events);
        log = RaftLog.recover(config.dataDir());
        transport = new Transport(config.nodeId(), config.peerBind(), config.peers());
        detector = new FailureDetector(config, transport, membership, events);
        replica = new Replica(config, membership, transport, events, log);
        clients = new ClientServer(config.nodeId(), config.clientBind(), replica);
    }

    /** Recovers the node's state from {@code config.dataDir()}, starts it, and returns it running. */
    static ReferenceNode start(Config config) throws IOException {
        ReferenceNode node = new ReferenceNode(config);
        node.replica.start();
        node.transport.start(node::deliver);
        node.detector.start();
        node.clients.start();
        return node;
    }

    private void deliver(Message message) {
        if (message instanceof Message.Detection d) {
            detector.receive(d);
        } else if (message instanceof Message.Replication r) {
            replica.receive(r);
        }
    }

    @Override
    public void close() throws IOException {
        clients.close();
        detector.close();
        transport.close();
        replica.close();
        log.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java " + ReferenceNode.class.getName() + " node.properties");
            System.exit(64);
        }
        // Peers may be container aliases; a failed lookup during a partition must not be cached past it.
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
        Config config;
        try {
            config = Config.load(Path.of(args[0]));
        } catch (IllegalArgumentException e) {
            System.err.println(args[0] + ": " + e.getMessage());
            System.exit(78);
            return;
        }
        ReferenceNode node = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (IOException e) {
                System.err.println(config.nodeId() + ": closing: " + e);
            }
        }, "shutdown"));
        Thread.currentThread().join();
    }
}
