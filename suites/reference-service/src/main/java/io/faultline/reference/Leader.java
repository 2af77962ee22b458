package io.faultline.reference;

import io.faultline.reference.Message.Append;
import io.faultline.reference.Message.AppendReply;
import io.faultline.reference.Message.Snapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One term of leadership: replicates the log to every follower, commits an entry once a majority
 * holds it, answers writes once they are applied, and answers reads by the read-index method (note
 * the commit index, confirm with a majority that this node still leads, then answer once the register
 * has applied that far), which keeps reads linearizable without writing them to the log.
 * Runs on the replica's thread.
 */
final class Leader {
    /** Entries per append: bounds a message's size when a follower is far behind. */
    private static final int MAX_BATCH = 64;

    private final Replica replica;
    private final RaftLog log;
    private final String self;
    private final long term;
    private final long timeoutNanos;
    private final Map<String, Progress> followers = new HashMap<>();
    private final Map<Long, CompletableFuture<Response>> pendingWrites = new HashMap<>();
    private final ArrayDeque<PendingRead> pendingReads = new ArrayDeque<>();
    private long readSeq;
    /** Index of this term's first entry (a no-op): reads wait until it is committed. */
    private long termStartIndex;

    /** What the leader knows of one follower. */
    private static final class Progress {
        long nextIndex;
        long matchIndex;
        long readSeq;
        long lastReplyNanos;
    }

    private record PendingRead(long seq, long readIndex, CompletableFuture<Response> reply) {
    }

    Leader(Replica replica, long now) {
        this.replica = replica;
        this.log = replica.log();
        this.self = replica.config().nodeId();
        this.term = log.term();
        this.timeoutNanos = replica.config().detectorTimeout().toNanos();
        for (String peer : replica.membership().peers()) {
            Progress p = new Progress();
            p.nextIndex = log.lastIndex() + 1;
            p.lastReplyNanos = now;
            followers.put(peer, p);
        }
    }

    void start() {
        log.append(new Entry(term, new Operation.Noop()));
        termStartIndex = log.lastIndex();
        log.sync();
        maybeCommit();
        broadcast();
    }

    void propose(Operation operation, CompletableFuture<Response> reply) {
        log.append(new Entry(term, operation));
        pendingWrites.put(log.lastIndex(), reply);
        log.sync();
        maybeCommit();
        broadcast();
    }

    void read(CompletableFuture<Response> reply) {
        readSeq++;
        pendingReads.add(new PendingRead(readSeq, Math.max(replica.commitIndex(), termStartIndex), reply));
        broadcast();
        completeReads();
    }

    /** Every heartbeat interval: step down if a majority has gone quiet, else send heartbeats (and what is missing). */
    void tick(long now) {
        int heard = 1;
        for (Progress p : followers.values()) {
            if (now - p.lastReplyNanos < timeoutNanos) {
                heard++;
            }
        }
        if (heard < replica.membership().majority()) {
            // Check-quorum: a leader cut off from the majority could not commit anyway, and serving
            // nothing lets clients and the majority move on to a new leader sooner.
            replica.stepDown();
            return;
        }
        broadcast();
    }

    void onReply(AppendReply reply, long now) {
        Progress p = followers.get(reply.from());
        if (p == null) {
            return;
        }
        p.lastReplyNanos = now;
        p.readSeq = Math.max(p.readSeq, reply.readSeq());
        if (reply.success()) {
            p.matchIndex = Math.max(p.matchIndex, reply.matchIndex());
            p.nextIndex = Math.max(p.nextIndex, reply.matchIndex() + 1);
            maybeCommit();
        } else {
            p.nextIndex = reply.matchIndex() + 1;
            sendTo(reply.from(), p);
        }
        completeReads();
    }

    /** The replica applied entry {@code index}: answer the client that proposed it, if it asked here. */
    void applied(long index, Response result) {
        CompletableFuture<Response> reply = pendingWrites.remove(index);
        if (reply != null) {
            reply.complete(result);
        }
    }

    void stepDown() {
        // A write may still be committed by the next leader: its outcome is unknown. A read changed nothing.
        pendingWrites.values().forEach(r -> r.complete(Response.error("leadership lost before the write was committed")));
        pendingWrites.clear();
        pendingReads.forEach(r -> r.reply().complete(Response.fail("leadership lost before the read was confirmed")));
        pendingReads.clear();
    }

    private void broadcast() {
        followers.forEach(this::sendTo);
    }

    /**
     * Sends a follower what it lacks from {@code nextIndex} on, or the checkpoint if that part of the log
     * is gone. {@code nextIndex} moves on optimistically; a rejection moves it back.
     */
    private void sendTo(String peer, Progress p) {
        Checkpoint base = log.base();
        if (p.nextIndex <= base.index()) {
            replica.send(peer, new Snapshot(self, term, base, readSeq));
            p.nextIndex = base.index() + 1;
            return;
        }
        List<Entry> entries = log.entriesFrom(p.nextIndex, MAX_BATCH);
        long prev = p.nextIndex - 1;
        replica.send(peer, new Append(self, term, prev, log.termAt(prev), replica.commitIndex(), readSeq, entries));
        p.nextIndex += entries.size();
    }

    /** Commits the highest entry of this term that a quorum holds (Raft never counts replicas of older terms' entries). */
    private void maybeCommit() {
        List<Long> matches = new ArrayList<>();
        matches.add(log.lastIndex());
        followers.values().forEach(p -> matches.add(p.matchIndex));
        matches.sort(Comparator.reverseOrder());
        // Planted bug: with ack-before-replicate, the leader's own disk is quorum enough.
        int quorum = replica.config().bugAckBeforeReplicate() ? 1 : replica.membership().majority();
        long index = matches.get(quorum - 1);
        if (index > replica.commitIndex() && log.termAt(index) == term) {
            replica.commitTo(index);
            completeReads();
        }
    }

    /** Answers reads in order, each once a majority has confirmed this leadership since it arrived and the register caught up. */
    private void completeReads() {
        while (!pendingReads.isEmpty()) {
            PendingRead read = pendingReads.peek();
            int confirmations = 1;
            for (Progress p : followers.values()) {
                if (p.readSeq >= read.seq()) {
                    confirmations++;
                }
            }
            if (confirmations < replica.membership().majority() || replica.register().appliedIndex() < read.readIndex()) {
                return;
            }
            pendingReads.poll();
            read.reply().complete(Response.ok(replica.register().value()));
        }
    }
}
