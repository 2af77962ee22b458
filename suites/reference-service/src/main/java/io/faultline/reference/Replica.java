package io.faultline.reference;

import io.faultline.reference.Message.Append;
import io.faultline.reference.Message.AppendReply;
import io.faultline.reference.Message.Snapshot;
import io.faultline.reference.Message.VoteReply;
import io.faultline.reference.Message.VoteRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's copy of the register, kept in step with the cluster by a small Raft: terms, leader
 * election by majority vote, log replication, and commit once a majority holds an entry. This class
 * holds the durable state and plays follower; {@link ElectionTiming} says when to stand for election,
 * {@link Candidate} runs one election and {@link Leader} one term of leadership. Everything runs on one
 * thread, so none of it needs a lock.
 *
 * <p>Every election starts with a pre-vote, and a node does not vote while it has a healthy leader, so a
 * node cut off from a working leader cannot depose it when it comes back.
 */
final class Replica implements AutoCloseable {
    private final Config config;
    private final String self;
    private final Membership membership;
    private final Transport transport;
    private final EventLog events;
    private final RaftLog log;
    private final Register register;
    private final long timeoutNanos;
    private final ElectionTiming timing;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replica");
        t.setDaemon(true);
        return t;
    });

    private String leaderId;
    /** The latest leader heard of, in any term: the node a standby watches. */
    private String lastLeader;
    private long leaderContactNanos;
    private long commitIndex;
    private Leader leader;
    private Candidate candidate;
    private boolean caughtUp;
    /** What the last FAULTLINE-ROLE line said. */
    private String loggedRole = "";

    Replica(Config config, Membership membership, Transport transport, EventLog events, RaftLog log) {
        this.config = config;
        this.self = config.nodeId();
        this.membership = membership;
        this.transport = transport;
        this.events = events;
        this.log = log;
        this.register = new Register(log.base());
        this.commitIndex = log.base().index();
        this.timeoutNanos = config.detectorTimeout().toNanos();
        this.timing = new ElectionTiming(config, thread, () -> guarded(this::standForElection));
    }

    void start() {
        run(() -> {
            events.recovery("checkpoint-loaded", "checkpoint=" + log.base().index() + " last=" + log.lastIndex() + " term=" + log.term());
            timing.quiet(System.nanoTime());
        });
        membership.addListener((peer, suspected) -> run(() -> opinionChanged(peer, suspected)));
        long interval = config.heartbeatInterval().toMillis();
        thread.scheduleAtFixedRate(() -> guarded(this::tick), interval, interval, TimeUnit.MILLISECONDS);
    }

    void receive(Message.Replication message) {
        run(() -> handle(message));
    }

    /** Answers a client's READ: the leader confirms it still leads, followers redirect. */
    CompletableFuture<Response> read() {
        CompletableFuture<Response> reply = new CompletableFuture<>();
        run(() -> {
            if (leader != null) {
                leader.read(reply);
            } else if (config.bugStaleFollowerReads()) {
                // Planted bug: the follower's register may be arbitrarily behind the leader's.
                reply.complete(Response.ok(register.value()));
            } else {
                reply.complete(Response.redirect(leaderId));
            }
        });
        return reply;
    }

    /** Answers a client's WRITE or CAS once the operation is committed and applied. */
    CompletableFuture<Response> propose(Operation operation) {
        CompletableFuture<Response> reply = new CompletableFuture<>();
        run(() -> {
            if (leader != null) {
                leader.propose(operation, reply);
            } else {
                reply.complete(Response.redirect(leaderId));
            }
        });
        return reply;
    }

    /** {@code node=n1 role=leader term=3 leader=n1 applied=17 suspected=n3 trusted=n2}: for the MEMBERS command. */
    CompletableFuture<String> describe() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        run(() -> reply.complete("node=" + self + " role=" + role() + " term=" + log.term()
                + " leader=" + (leaderId == null ? "unknown" : leaderId) + " applied=" + register.appliedIndex()
                + " suspected=" + String.join(",", membership.suspected())
                + " trusted=" + String.join(",", membership.trusted())));
        return reply;
    }

    @Override
    public void close() {
        // Not shutdownNow: an interrupt in the middle of an fsync would close the log's file.
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- for Leader and Candidate, on this thread ---

    Config config() {
        return config;
    }

    RaftLog log() {
        return log;
    }

    Register register() {
        return register;
    }

    Membership membership() {
        return membership;
    }

    long commitIndex() {
        return commitIndex;
    }

    void send(String peer, Message message) {
        transport.send(peer, message);
    }

    /** A candidate won its pre-vote: enter the new term, voting for itself. */
    void beginTerm(long term) {
        log.setTerm(term, self);
        log.sync();
        leaderId = null;
    }

    void becomeLeader() {
        candidate = null;
        leaderId = self;
        lastLeader = self;
        leader = new Leader(this, System.nanoTime());
        leader.start();
    }

    /** The leader lost contact with a majority: stop serving, stay in the term, let a new election happen. */
    void stepDown() {
        endLeadership();
        leaderId = null;
        timing.quiet(System.nanoTime());
    }

    void commitTo(long index) {
        commitIndex = index;
        applyCommitted();
    }

    // --- internals ---

    private String role() {
        return leader != null ? "leader" : candidate != null ? "candidate" : config.standby() ? "standby" : "follower";
    }

    private void handle(Message.Replication message) {
        if (message instanceof VoteRequest r) {
            onVoteRequest(r);
        } else if (message instanceof VoteReply r) {
            if (!r.granted() && r.term() > log.term()) {
                follow(r.term());
            } else if (candidate != null) {
                candidate.onReply(r);
            }
        } else if (message instanceof Append a) {
            onAppend(a);
        } else if (message instanceof Snapshot s) {
            onSnapshot(s);
        } else if (message instanceof AppendReply r) {
            if (r.term() > log.term()) {
                follow(r.term());
            } else if (leader != null && r.term() == log.term()) {
                leader.onReply(r, System.nanoTime());
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        if (leader != null) {
            leader.tick(now);
            return;
        }
        if (candidate != null && candidate.expired(now)) {
            candidate = null;
            timing.failed();
        }
        // A standby leaves the cluster's first election to the voters (its log term is 0 until then).
        if (candidate == null && timing.safetyNetExpired(now) && (!config.standby() || log.term() > 0)) {
            standForElection();
        }
    }

    private void opinionChanged(String peer, boolean suspected) {
        if (suspected && leader == null) {
            timing.suspected(peer, leaderId, lastLeader);
        }
    }

    private void standForElection() {
        long now = System.nanoTime();
        if (leader != null || candidate != null) {
            return;
        }
        if (leaderIsHealthy(now)) {
            return;
        }
        timing.quiet(now);
        if (config.standby() && config.bugPromoteWithoutQuorum()) {
            // Planted bug: a heartbeat timeout is taken as proof that the leader is dead, and the
            // standby leads a new term that no majority agreed to, with whatever log it has.
            log.setTerm(log.term() + 1, self);
            log.sync();
            becomeLeader();
            return;
        }
        candidate = new Candidate(this, self, now + timeoutNanos);
        candidate.start();
    }

    /** Whether this node follows (or is) a leader that it has heard from lately and does not suspect. */
    private boolean leaderIsHealthy(long now) {
        return leader != null
                || leaderId != null && !membership.isSuspected(leaderId) && now - leaderContactNanos < timeoutNanos;
    }

    private void onVoteRequest(VoteRequest r) {
        long now = System.nanoTime();
        boolean upToDate = r.lastTerm() > log.lastTerm() || r.lastTerm() == log.lastTerm() && r.lastIndex() >= log.lastIndex();
        // Nobody votes against a leader it still hears from. A standby votes like a voter: it is in every
        // commit quorum, so its vote is as safe as anyone's, and without it a voter and the standby left
        // alone by the other voter's failure could never elect a leader.
        boolean willing = !leaderIsHealthy(now) && upToDate;
        if (r.pre()) {
            boolean granted = willing && r.term() > log.term();
            send(r.from(), new VoteReply(self, granted ? r.term() : log.term(), granted, true));
            return;
        }
        if (r.term() < log.term() || leaderIsHealthy(now)) {
            send(r.from(), new VoteReply(self, log.term(), false, false));
            return;
        }
        if (r.term() > log.term()) {
            follow(r.term());
        }
        boolean granted = upToDate && (log.votedFor() == null || log.votedFor().equals(r.from()));
        if (granted) {
            log.setTerm(log.term(), r.from());
            log.sync();
            timing.quiet(now);
        }
        send(r.from(), new VoteReply(self, log.term(), granted, false));
    }

    private void onAppend(Append a) {
        if (!acceptLeader(a.from(), a.term())) {
            send(a.from(), new AppendReply(self, log.term(), false, 0, a.readSeq()));
            return;
        }
        long match = a.prevIndex() + a.entries().size();
        long base = log.base().index();
        long prev = a.prevIndex();
        List<Entry> entries = a.entries();
        if (prev < base) {
            // The first entries are already in this node's checkpoint, so committed, so the leader's too.
            int skip = (int) Math.min(entries.size(), base - prev);
            entries = entries.subList(skip, entries.size());
            prev += skip;
        } else if (log.termAt(prev) != a.prevTerm()) {
            // Logs disagree at prev: the leader tries one entry earlier (or at our end, if we are short).
            send(a.from(), new AppendReply(self, log.term(), false, Math.min(log.lastIndex(), prev - 1), a.readSeq()));
            return;
        }
        for (Entry e : entries) {
            prev++;
            if (prev <= log.lastIndex()) {
                if (log.termAt(prev) == e.term()) {
                    continue;
                }
                log.truncateFrom(prev);
            }
            log.append(e);
        }
        log.sync();
        if (Math.min(a.commitIndex(), match) > commitIndex) {
            commitTo(Math.min(a.commitIndex(), match));
        }
        send(a.from(), new AppendReply(self, log.term(), true, match, a.readSeq()));
        if (!caughtUp && register.appliedIndex() >= a.commitIndex()) {
            caughtUp = true;
            events.recovery("caught-up", "index=" + register.appliedIndex());
        }
    }

    private void onSnapshot(Snapshot s) {
        if (!acceptLeader(s.from(), s.term())) {
            send(s.from(), new AppendReply(self, log.term(), false, 0, s.readSeq()));
            return;
        }
        Checkpoint c = s.checkpoint();
        if (c.index() > commitIndex) {
            log.resetTo(c);
            register.reset(c);
            commitIndex = c.index();
            events.recovery("snapshot-installed", "index=" + c.index());
        }
        send(s.from(), new AppendReply(self, log.term(), true, c.index(), s.readSeq()));
    }

    /** Follows the sender if its term is current; false if it is a stale leader to be told the newer term. */
    private boolean acceptLeader(String from, long term) {
        if (term < log.term()) {
            return false;
        }
        if (term > log.term() || leader != null || candidate != null) {
            follow(term);
        }
        long now = System.nanoTime();
        leaderId = from;
        lastLeader = from;
        leaderContactNanos = now;
        timing.quiet(now);
        return true;
    }

    /** Becomes a follower in {@code term} (a newer one, or the current one after losing an election). */
    private void follow(long term) {
        if (term > log.term()) {
            log.setTerm(term, null);
            log.sync();
            leaderId = null;
        }
        endLeadership();
        candidate = null;
    }

    private void endLeadership() {
        if (leader != null) {
            leader.stepDown();
            leader = null;
        }
    }

    private void applyCommitted() {
        while (register.appliedIndex() < commitIndex) {
            long index = register.appliedIndex() + 1;
            Response result = register.apply(index, log.entry(index).operation());
            if (leader != null) {
                leader.applied(index, result);
            }
        }
        long applied = register.appliedIndex();
        if (applied - log.base().index() >= config.checkpointEvery()) {
            log.compact(new Checkpoint(applied, log.termAt(applied), register.value()));
        }
    }

    private void run(Runnable task) {
        thread.execute(() -> guarded(task));
    }

    /**
     * Runs a task of this thread. A replica that cannot write its log must not go on acknowledging:
     * any unexpected failure ends the process. Afterwards, a change of role, term or leader is logged.
     */
    private void guarded(Runnable task) {
        try {
            task.run();
            String role = "role=" + role() + " term=" + log.term() + " leader=" + (leaderId == null ? "unknown" : leaderId);
            if (!role.equals(loggedRole)) {
                loggedRole = role;
                events.role(role);
            }
        } catch (Throwable t) {
            System.err.println(self + ": fatal: " + t);
            t.printStackTrace();
            Runtime.getRuntime().halt(70);
        }
    }
}
