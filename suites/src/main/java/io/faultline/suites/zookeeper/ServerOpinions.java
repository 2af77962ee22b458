package io.faultline.suites.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one ZooKeeper server suspects, as it changes from view to view: the rules of
 * {@link ZooKeeperDetectionProbe}, without the polling.
 */
final class ServerOpinions {
    private final Set<Long> peers;
    /** Whom the server relied on at its last settled view: its leader, or its synced learners. */
    private final Set<Long> trusted = new TreeSet<>();
    private final Set<Long> suspected = new TreeSet<>();
    private ServerView last;

    /** @param peers the server ids of every other voting server of the ensemble */
    ServerOpinions(Set<Long> peers) {
        this.peers = Set.copyOf(peers);
    }

    /** A change of opinion about {@code peer}: it began to be suspected, or stopped being. */
    record Change(long peer, boolean suspect) {
    }

    /** The changes {@code view} makes, suspicions first. */
    List<Change> update(ServerView view) {
        List<Change> changes = new ArrayList<>();
        if (view.role() == ServerView.Role.UNSETTLED) {
            return changes;
        }
        if (last != null && view.role() != ServerView.Role.LOOKING && !sameTerm(last, view)) {
            // It led or followed someone else before and must have been looking in between, too
            // briefly for a poll to see: it stopped relying on them at some moment up to now.
            changes.addAll(apply(lookingFrom()));
        }
        Set<Long> next = switch (view.role()) {
            case LOOKING -> lookingFrom();
            case FOLLOWING -> {
                trusted.clear();
                trusted.add(view.leader());
                yield Set.of(); // a follower watches its leader only: of the others it has no opinion
            }
            case LEADING -> {
                trusted.clear();
                view.syncedLearners().stream().filter(peers::contains).forEach(trusted::add);
                Set<Long> missing = new TreeSet<>(peers);
                missing.removeAll(trusted);
                yield missing;
            }
            case UNSETTLED -> throw new AssertionError("handled above");
        };
        changes.addAll(apply(next));
        last = view;
        return changes;
    }

    /** Suspected while looking: whatever it suspected, and whomever it relied on. */
    private Set<Long> lookingFrom() {
        Set<Long> next = new TreeSet<>(suspected);
        next.addAll(trusted);
        trusted.clear();
        return next;
    }

    private List<Change> apply(Set<Long> next) {
        List<Change> changes = new ArrayList<>();
        for (long peer : next) {
            if (!suspected.contains(peer)) {
                changes.add(new Change(peer, true));
            }
        }
        for (long peer : suspected) {
            if (!next.contains(peer)) {
                changes.add(new Change(peer, false));
            }
        }
        suspected.clear();
        suspected.addAll(next);
        return changes;
    }

    /** The same leader, led by the same server, with no election seen in between. */
    private static boolean sameTerm(ServerView before, ServerView now) {
        if (before.role() == ServerView.Role.LOOKING) {
            return true;
        }
        return before.role() == now.role() && before.leader() == now.leader();
    }
}
