package io.faultline.suites.ratis;

import java.util.HashSet;
import java.util.Set;
import org.apache.ratis.server.RaftServer;

/**
 * Logs whom this server suspects, read from Ratis's own decisions every 10 ms, as
 * {@code FAULTLINE-DETECT observer=.. peer=.. state=suspect|trust nanos=..} lines for the harness's
 * {@code LogLineProbe} (the nanos are this JVM's {@code System.nanoTime()}, which every process on the
 * host shares).
 * <ul>
 *   <li>A leader suspects a follower that has not answered for longer than the maximum election
 *       timeout: the test Ratis's {@code LeaderStateImpl.checkLeadership} applies before stepping
 *       down for want of a majority.
 *   <li>A follower whose election timer fired (it is a candidate) suspects the leader it followed,
 *       until it follows a leader or leads.
 *   <li>A follower trusts everyone: it watches only its leader, and only through that timer.
 * </ul>
 */
final class SuspicionWatcher extends Thread {
    private final String self;
    private final RaftServer.Division division;
    private final long timeoutMillis;
    private final Set<String> suspected = new HashSet<>();
    private String lastLeader;

    SuspicionWatcher(String self, RaftServer.Division division, long timeoutMillis) {
        super("faultline-ratis-suspicions");
        setDaemon(true);
        this.self = self;
        this.division = division;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void run() {
        while (true) {
            try {
                observe(RatisStatus.of(division));
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the division is closing or not started yet
            }
        }
    }

    private void observe(RatisStatus status) {
        Set<String> now = new HashSet<>();
        switch (status.role()) {
            case "LEADER" -> status.followerSilenceMillis().forEach((peer, ms) -> {
                if (ms > timeoutMillis) {
                    now.add(peer);
                }
            });
            case "CANDIDATE" -> {
                if (lastLeader != null && !lastLeader.equals(self)) {
                    now.add(lastLeader);
                }
            }
            default -> {
                // a follower (or a server still starting) suspects no one
            }
        }
        if (!status.leader().isEmpty()) {
            lastLeader = status.leader();
        }
        for (String peer : now) {
            if (suspected.add(peer)) {
                log(peer, "suspect");
            }
        }
        for (String peer : Set.copyOf(suspected)) {
            if (!now.contains(peer)) {
                suspected.remove(peer);
                log(peer, "trust");
            }
        }
    }

    private void log(String peer, String state) {
        System.out.println("FAULTLINE-DETECT observer=" + self + " peer=" + peer + " state=" + state + " nanos=" + System.nanoTime());
        System.out.flush();
    }
}
