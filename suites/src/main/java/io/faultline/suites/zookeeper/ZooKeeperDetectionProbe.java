package io.faultline.suites.zookeeper;

import io.faultline.harness.Cluster;
import io.faultline.harness.DetectionProbe;
import io.faultline.harness.Node;
import io.faultline.harness.RunClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * What each ZooKeeper server of the ensemble suspects, read from ZooKeeper's own state: every
 * {@value #DEFAULT_POLL_MILLIS} ms, on a thread per node, the probe asks the server for {@code srvr}
 * on its client port and for its quorum MBeans ({@link QuorumBeansServer}), both directly, past every
 * proxy.
 *
 * <p><b>What ZooKeeper 3.9.5 exposes.</b> {@code srvr} and {@code mntr} say whether a server serves
 * and as what ({@code Mode: leader}, {@code follower}; not serving while it looks for a leader or
 * synchronizes with one), and {@code mntr} counts the leader's learners and synced followers
 * ({@code zk_learners}, {@code zk_synced_followers}). Neither says <em>who</em>: not which server a
 * follower follows, nor which follower a leader has lost. JMX does: each {@code replica.N} bean says
 * whether N is the leader this server follows, and a leader registers a bean per learner connection
 * ({@code Learner_Connections/"addr"/"id:N"}) whose {@code synced?} its {@code followerInfo} gives.
 * The nodes must serve those beans: {@link ZooKeeperCluster} starts them through {@link
 * ZooKeeperNode}, which does, on the {@code quorum-beans} port.
 *
 * <p>What stays hidden: a follower's view of the other followers, because there is none; why a
 * server gave up on a peer (a read timeout and a broken connection look the same); and, in practice,
 * the leader's {@code synced?} flag, since its read from a silent learner times out after syncLimit ×
 * tickTime and drops the learner before the learner's ack deadline (a tick later) has passed.
 *
 * <p><b>What "server O suspects server P" means</b> — ZooKeeper's own failure detection, which runs
 * only between a leader and its followers:
 * <ul>
 *   <li>A <b>leader</b> serving clients suspects every other voting server that is not among its
 *       synced learners: it never connected, its connection broke, or it sent nothing for
 *       syncLimit ticks (the leader then drops it: its socket read times out after syncLimit ×
 *       tickTime).
 *   <li>A <b>follower</b> serving clients trusts the leader it follows, and has no opinion of the
 *       other followers: ZooKeeper followers never talk to each other, so <em>no follower ever
 *       detects another follower's failure</em>, and the checker counts those pairs undetected.
 *       When it follows, any suspicion it held ends.
 *   <li>A server <b>looking</b> for a leader suspects whomever it relied on when it last served —
 *       its leader, or its synced learners — and goes on suspecting whom it suspected, until it
 *       leads or follows again.
 *   <li>A server between those — leading or following but still synchronizing, or whose two answers
 *       disagree because it changed state between them — holds its opinions unchanged.
 *   <li>A server that does not answer — killed, paused, or restarting — holds no opinion anyone can
 *       see: the probe records nothing for it as an observer until it answers again, and tells the
 *       sink that its poll failed (which the harness expects of a node that is not up).
 * </ul>
 * A follower therefore suspects its leader from when it gives up on it (its read from the leader
 * times out after syncLimit × tickTime, or the connection breaks) until it follows a leader again,
 * maybe another one; the new leader goes on suspecting the old one until it is back as a synced
 * learner. A server seen leading, or following another leader, right after it was seen following
 * (or leading) was looking in between, too briefly for a poll to see: it is reported as having
 * suspected whomever it relied on at that moment, before its new view applies.
 *
 * <p><b>Timing.</b> A change is reported at the moment the probe received the second of the two
 * answers that show it, so it is late by up to one poll interval plus the two requests' round trip
 * (each under 1 ms on loopback, more on a loaded machine), never early: T_D as the checker measures
 * it is ZooKeeper's own detection time plus that. Measured against the moment ZooKeeper logs the
 * change ({@code ProbeTimingBenchmark}, process backend, two cores under a load average of 6-12):
 * 9-16 ms late at the median and 22 ms at most, in two runs of 20 changes; polling every 5 ms,
 * 2-3 ms at the median. BENCHMARKS.md has the table.
 *
 * <pre>{@code
 * ZooKeeperCluster.ensemble(3) // adds this probe
 * }</pre>
 */
public final class ZooKeeperDetectionProbe implements DetectionProbe {
    public static final long DEFAULT_POLL_MILLIS = 20;

    private final Duration pollInterval;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    private ZooKeeperDetectionProbe(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** Polls every node every {@value #DEFAULT_POLL_MILLIS} ms. */
    public static ZooKeeperDetectionProbe create() {
        return new ZooKeeperDetectionProbe(Duration.ofMillis(DEFAULT_POLL_MILLIS));
    }

    public ZooKeeperDetectionProbe withPollInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, got " + interval);
        }
        return new ZooKeeperDetectionProbe(interval);
    }

    @Override
    public synchronized void start(Cluster cluster, RunClock clock, Sink sink) {
        if (running) {
            throw new IllegalStateException("this probe is already watching a cluster; give each cluster its own");
        }
        // ZooKeeper's server id of each node, as ZooKeeperConfig numbers them: its position from 1
        Map<Long, String> names = new HashMap<>();
        List<String> order = cluster.spec().nodeNames();
        for (int i = 0; i < order.size(); i++) {
            names.put((long) i + 1, order.get(i));
        }
        running = true;
        for (Node node : cluster.nodes()) {
            long sid = order.indexOf(node.name()) + 1L;
            Set<Long> peers = new java.util.TreeSet<>(names.keySet());
            peers.remove(sid);
            Thread thread = new Thread(() -> watch(node, new ServerOpinions(peers), names, clock, sink),
                    "faultline-zk-probe-" + node.name());
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    private void watch(Node node, ServerOpinions opinions, Map<Long, String> names, RunClock clock, Sink sink) {
        long next = System.nanoTime();
        while (running) {
            ServerView view = ask(node, sink);
            long at = clock.nanos();
            if (view != null) {
                for (ServerOpinions.Change change : opinions.update(view)) {
                    String peer = names.get(change.peer());
                    if (peer == null) {
                        continue; // a server id the cluster does not have
                    }
                    if (change.suspect()) {
                        sink.suspect(node.name(), peer, at);
                    } else {
                        sink.trust(node.name(), peer, at);
                    }
                }
            }
            next += pollInterval.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime(); // a slow answer: poll again at once, then keep the pace from here
            }
        }
    }

    /**
     * The node's view, or null when it does not answer both questions: down, paused or restarting (a
     * restarting container has no host port yet), which the harness expects, or broken, which it
     * does not; the sink hears of it either way.
     */
    private static ServerView ask(Node node, Sink sink) {
        try {
            String srvr = FourLetterWords.srvr(node.directAddress(ZooKeeperConfig.CLIENT));
            String beans = FourLetterWords.listen(node.directAddress(ZooKeeperConfig.BEANS));
            return ServerView.parse(srvr, beans);
        } catch (IOException | RuntimeException e) {
            sink.error(node.name(), e);
            return null;
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join(2 * FourLetterWords.TIMEOUT.toMillis() + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }
}
