package io.faultline.reference;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * When this node stands for election: the part of recovery that {@code recovery} and {@code standby}
 * switch. With T = {@code detector.timeout.ms}, a node stands
 * <ul>
 *   <li>as a voter whose failure detector suspects the leader: within T/2 ({@code recovery=catchup}),
 *       or T later than that so that the standby goes first ({@code hybrid}), or not at all
 *       ({@code standby});
 *   <li>as a standby ({@code standby=true}) whose detector suspects the last leader it followed: within T/4;
 *   <li>as a voter that has heard from no leader for a random 2T to 3T: the safety net that also elects
 *       the first leader, and covers a leader that is alive but no longer leads;
 *   <li>as a standby that has heard from no leader for a random 3T to 4T, once the cluster has elected a
 *       leader at all (the {@link Replica}'s call): after a restart a standby follows no leader whose
 *       failure it could notice, yet its log may be the only surviving one that holds every committed
 *       entry, and then only it can win;
 *   <li>again, T/2 to T after an attempt that failed, if the reason to stand remains.
 * </ul>
 * The delays are random so that two nodes that noticed the same failure together rarely split the vote.
 * Whether the reason to stand still holds when the time comes is the {@link Replica}'s call. Runs on
 * the replica's thread.
 */
final class ElectionTiming {
    private final Config config;
    private final long timeoutNanos;
    private final ScheduledExecutorService thread;
    private final Runnable stand;
    private ScheduledFuture<?> scheduled;
    private long quietSinceNanos;
    private long safetyNetNanos;

    /** {@code stand} runs on {@code thread} when the node should stand, if the reason still holds. */
    ElectionTiming(Config config, ScheduledExecutorService thread, Runnable stand) {
        this.config = config;
        this.timeoutNanos = config.detectorTimeout().toNanos();
        this.thread = thread;
        this.stand = stand;
    }

    /** A leader was heard from, a vote granted or an election started: the safety net starts over. */
    void quiet(long now) {
        quietSinceNanos = now;
        // A standby's net is a timeout later than the voters', so that a voter that can win goes first.
        safetyNetNanos = (config.standby() ? 3 : 2) * timeoutNanos + random(timeoutNanos);
    }

    /** Whether this node has gone without a leader for long enough to stand anyway. */
    boolean safetyNetExpired(long now) {
        return now - quietSinceNanos > safetyNetNanos;
    }

    /** The failure detector suspects {@code peer}; this node follows {@code leader}, and last followed {@code lastLeader}. */
    void suspected(String peer, String leader, String lastLeader) {
        if (config.standby()) {
            if (peer.equals(lastLeader)) {
                standIn(random(timeoutNanos / 4));
            }
        } else if (peer.equals(leader)) {
            switch (config.recovery()) {
                case CATCHUP -> standIn(random(timeoutNanos / 2));
                case HYBRID -> standIn(timeoutNanos + random(timeoutNanos / 2));
                case STANDBY -> { } // the standby takes over; the safety net covers its absence
            }
        }
    }

    /** An election attempt ran out of time. */
    void failed() {
        standIn(timeoutNanos / 2 + random(timeoutNanos / 2));
    }

    private void standIn(long delayNanos) {
        if (scheduled == null || scheduled.isDone()) {
            scheduled = thread.schedule(stand, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private static long random(long boundNanos) {
        return ThreadLocalRandom.current().nextLong(Math.max(1, boundNanos));
    }
}
