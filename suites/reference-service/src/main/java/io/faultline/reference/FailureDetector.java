package io.faultline.reference;

import io.faultline.reference.Config.DetectorMode;
import io.faultline.reference.Message.Ack;
import io.faultline.reference.Message.Heartbeat;
import io.faultline.reference.Message.Ping;
import io.faultline.reference.Message.PingRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Decides, for each peer, whether this node trusts or suspects it, and tells {@link Membership}.
 *
 * <ul>
 *   <li><b>active</b>: ping every peer each interval; an ack is an arrival.
 *   <li><b>passive</b>: every peer pushes a heartbeat each interval; a heartbeat is an arrival.
 *   <li><b>hybrid</b>: pushed heartbeats, but when they stop, first probe the peer directly and
 *       through {@code hybrid.indirect.k} other peers (SWIM's ping-req), and suspect it only if no
 *       ack comes back within {@code detector.timeout.ms}: a single bad link no longer makes a live
 *       peer suspected, at the price of one more timeout before a real failure is noticed.
 * </ul>
 *
 * Whether the silence since the last arrival is long enough is the {@link SuspicionStrategy}'s call:
 * a fixed timeout or phi-accrual. Any arrival from a suspected peer makes it trusted again.
 *
 * <p>All state is confined to one thread; messages hop onto it from the transport's readers.
 */
final class FailureDetector implements AutoCloseable {
    /** How often opinions are re-evaluated: the granularity of detection times. */
    private static final long CHECK_PERIOD_MS = 10;

    private final String self;
    private final Config config;
    private final Transport transport;
    private final Membership membership;
    private final EventLog events;
    private final long timeoutNanos;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "detector"));
    private final Map<String, SuspicionStrategy> arrivals = new HashMap<>();
    /** Hybrid mode: the peers being probed, and when each probe gives up. */
    private final Map<String, Long> probeDeadlines = new HashMap<>();
    /** Pings this node sent on behalf of a {@link PingRequest}, by their sequence number. */
    private final Map<Long, Relay> relays = new HashMap<>();
    private long seq;

    private record Relay(String requester, long requesterSeq, long expiresNanos) {
    }

    FailureDetector(Config config, Transport transport, Membership membership, EventLog events) {
        this.self = config.nodeId();
        this.config = config;
        this.transport = transport;
        this.membership = membership;
        this.events = events;
        this.timeoutNanos = config.detectorTimeout().toNanos();
    }

    void start() {
        thread.execute(() -> {
            long now = System.nanoTime();
            for (String peer : membership.peers()) {
                arrivals.put(peer, strategy(now));
            }
        });
        long interval = config.heartbeatInterval().toMillis();
        thread.scheduleAtFixedRate(this::beat, 0, interval, TimeUnit.MILLISECONDS);
        thread.scheduleAtFixedRate(this::check, CHECK_PERIOD_MS, CHECK_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** Called from any thread. */
    void receive(Message.Detection message) {
        long now = System.nanoTime();
        thread.execute(() -> handle(message, now));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private SuspicionStrategy strategy(long now) {
        return switch (config.detectorStrategy()) {
            case FIXED -> new FixedTimeout(timeoutNanos, now);
            case PHI -> new PhiAccrual(config.phiThreshold(), config.phiWindow(), config.heartbeatInterval().toNanos(),
                    config.phiResetOnRejoin(), now);
        };
    }

    private void beat() {
        seq++;
        Message m = config.detectorMode() == DetectorMode.ACTIVE ? new Ping(self, seq) : new Heartbeat(self, seq);
        for (String peer : membership.peers()) {
            transport.send(peer, m);
        }
    }

    private void check() {
        long now = System.nanoTime();
        for (String peer : membership.peers()) {
            if (membership.isSuspected(peer) || !arrivals.get(peer).suspects(now)) {
                continue;
            }
            if (config.detectorMode() != DetectorMode.HYBRID) {
                suspect(peer, now);
            } else if (!probeDeadlines.containsKey(peer)) {
                probe(peer, now);
            } else if (now - probeDeadlines.get(peer) > 0) {
                probeDeadlines.remove(peer);
                suspect(peer, now);
            }
        }
        relays.values().removeIf(r -> now - r.expiresNanos() > 0);
    }

    private void suspect(String peer, long now) {
        if (arrivals.get(peer) instanceof PhiAccrual phi) {
            events.phi(peer, phi.describe(now));
        }
        membership.suspect(peer);
    }

    /** SWIM: ping the silent peer directly, and ask k other trusted peers to ping it for us. */
    private void probe(String peer, long now) {
        probeDeadlines.put(peer, now + timeoutNanos);
        long probeSeq = ++seq;
        transport.send(peer, new Ping(self, probeSeq));
        List<String> helpers = new ArrayList<>(membership.trusted());
        helpers.remove(peer);
        Collections.shuffle(helpers);
        for (String helper : helpers.subList(0, Math.min(config.indirectK(), helpers.size()))) {
            transport.send(helper, new PingRequest(self, peer, probeSeq));
        }
    }

    private void handle(Message.Detection message, long now) {
        if (message instanceof Heartbeat h) {
            heard(h.from(), now);
        } else if (message instanceof Ping p) {
            transport.send(p.from(), new Ack(self, self, p.seq()));
        } else if (message instanceof PingRequest r) {
            long relaySeq = ++seq;
            relays.put(relaySeq, new Relay(r.from(), r.seq(), now + timeoutNanos));
            transport.send(r.target(), new Ping(self, relaySeq));
        } else if (message instanceof Ack a) {
            Relay relay = a.about().equals(a.from()) ? relays.remove(a.seq()) : null;
            if (relay != null) {
                transport.send(relay.requester(), new Ack(self, a.about(), relay.requesterSeq()));
            } else if (arrivals.containsKey(a.about())) {
                heard(a.about(), now);
            }
        }
    }

    private void heard(String peer, long now) {
        SuspicionStrategy s = arrivals.get(peer);
        if (s == null) {
            return; // not a member of this cluster
        }
        if (membership.isSuspected(peer)) {
            s.rejoined(now);
        } else {
            s.arrival(now);
        }
        probeDeadlines.remove(peer);
        membership.trust(peer);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
