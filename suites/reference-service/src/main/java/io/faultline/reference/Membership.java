package io.faultline.reference;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who is in the cluster and which peers this node currently suspects. The failure detector changes
 * the opinions; the replica and the {@code MEMBERS} command read them. Every change is logged as a
 * {@code FAULTLINE-DETECT} line. A node starts out trusting every peer.
 */
final class Membership {

    /** Told of every change of opinion, on the detector's thread. */
    interface Listener {
        void opinionChanged(String peer, boolean suspected);
    }

    private final List<String> peers;
    private final EventLog events;
    private final Set<String> suspected = ConcurrentHashMap.newKeySet();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    Membership(List<String> peers, EventLog events) {
        this.peers = List.copyOf(peers);
        this.events = events;
    }

    List<String> peers() {
        return peers;
    }

    /** Nodes, this one included, that make a majority: every quorum of the cluster has this many. */
    int majority() {
        return (peers.size() + 1) / 2 + 1;
    }

    void addListener(Listener listener) {
        listeners.add(listener);
    }

    void suspect(String peer) {
        if (suspected.add(peer)) {
            changed(peer, true);
        }
    }

    void trust(String peer) {
        if (suspected.remove(peer)) {
            changed(peer, false);
        }
    }

    boolean isSuspected(String peer) {
        return suspected.contains(peer);
    }

    Set<String> suspected() {
        return new TreeSet<>(suspected);
    }

    Set<String> trusted() {
        Set<String> trusted = new TreeSet<>(peers);
        trusted.removeAll(suspected);
        return trusted;
    }

    private void changed(String peer, boolean nowSuspected) {
        events.detect(peer, nowSuspected);
        for (Listener l : listeners) {
            l.opinionChanged(peer, nowSuspected);
        }
    }
}
