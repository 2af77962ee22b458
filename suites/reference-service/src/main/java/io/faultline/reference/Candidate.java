package io.faultline.reference;

import io.faultline.reference.Message.VoteReply;
import io.faultline.reference.Message.VoteRequest;
import java.util.HashSet;
import java.util.Set;

/**
 * One attempt to become leader: a pre-vote for the next term ("would you vote for me?"), and only if
 * a majority says yes, the real vote in that term. A node that cannot win thus never raises its term,
 * and never forces a healthy leader to step down. The attempt gives up at its deadline.
 */
final class Candidate {
    private final Replica replica;
    private final String self;
    private final long deadlineNanos;
    private final Set<String> votes = new HashSet<>();
    private boolean pre = true;
    private long term;

    Candidate(Replica replica, String self, long deadlineNanos) {
        this.replica = replica;
        this.self = self;
        this.deadlineNanos = deadlineNanos;
    }

    void start() {
        term = replica.log().term() + 1;
        ask();
    }

    boolean expired(long now) {
        return now - deadlineNanos > 0;
    }

    void onReply(VoteReply reply) {
        if (reply.pre() == pre && reply.term() == term && reply.granted()) {
            votes.add(reply.from());
            tally();
        }
    }

    private void ask() {
        votes.clear();
        votes.add(self);
        RaftLog log = replica.log();
        VoteRequest request = new VoteRequest(self, term, log.lastIndex(), log.lastTerm(), pre);
        for (String peer : replica.membership().peers()) {
            replica.send(peer, request);
        }
        tally();
    }

    private void tally() {
        if (votes.size() < replica.membership().majority()) {
            return;
        }
        if (pre) {
            pre = false;
            replica.beginTerm(term);
            ask();
        } else {
            replica.becomeLeader();
        }
    }
}
