package io.faultline.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything nodes say to each other, one line of text per message: a type, then {@code key=value}
 * fields. Text, so that a capture of a link (or a proxy's log) can be read by eye.
 *
 * <p>Messages are one-way. A node sends only over the connection it opened to the peer's address,
 * and answers over its own connection back, never over the one the request came in on: each
 * direction of a link is then one proxy, and a fault on it affects exactly that direction.
 */
sealed interface Message {

    /** Id of the node that sent the message. */
    String from();

    /** The message as one line, without the line break. */
    String encode();

    /** Messages of the failure detector. */
    sealed interface Detection extends Message {
    }

    /** Messages of replication and elections. */
    sealed interface Replication extends Message {
    }

    /** Pushed every heartbeat interval in passive and hybrid mode. */
    record Heartbeat(String from, long seq) implements Detection {
        public String encode() {
            return "HEARTBEAT from=" + from + " seq=" + seq;
        }
    }

    /** Asks for an {@link Ack}: every interval in active mode, and as the direct probe in hybrid mode. */
    record Ping(String from, long seq) implements Detection {
        public String encode() {
            return "PING from=" + from + " seq=" + seq;
        }
    }

    /** Proof that {@code about} was alive: sent by {@code about} itself, or relayed by a peer asked with a {@link PingRequest}. */
    record Ack(String from, String about, long seq) implements Detection {
        public String encode() {
            return "ACK from=" + from + " about=" + about + " seq=" + seq;
        }
    }

    /** SWIM's ping-req: "ping {@code target} for me and relay its ack". */
    record PingRequest(String from, String target, long seq) implements Detection {
        public String encode() {
            return "PINGREQ from=" + from + " target=" + target + " seq=" + seq;
        }
    }

    /**
     * Asks for a vote in {@code term}. A pre-vote asks "would you vote for me?" without anyone
     * changing term, so a node that cannot win does not disturb a healthy leader.
     */
    record VoteRequest(String from, long term, long lastIndex, long lastTerm, boolean pre) implements Replication {
        public String encode() {
            return "VOTE from=" + from + " term=" + term + " last=" + lastIndex + "/" + lastTerm + " pre=" + pre;
        }
    }

    record VoteReply(String from, long term, boolean granted, boolean pre) implements Replication {
        public String encode() {
            return "VOTED from=" + from + " term=" + term + " granted=" + granted + " pre=" + pre;
        }
    }

    /**
     * Entries following {@code prevIndex} (whose term must be {@code prevTerm} on the follower too),
     * the leader's commit index, and {@code readSeq}: a follower echoing it confirms the sender was
     * still its leader when the reads up to that number arrived. Empty, it is the leader's heartbeat.
     */
    record Append(String from, long term, long prevIndex, long prevTerm, long commitIndex, long readSeq,
                  List<Entry> entries) implements Replication {
        public Append {
            entries = List.copyOf(entries);
        }

        public String encode() {
            List<String> encoded = new ArrayList<>();
            for (Entry e : entries) {
                encoded.add(e.encode());
            }
            return "APPEND from=" + from + " term=" + term + " prev=" + prevIndex + "/" + prevTerm
                    + " commit=" + commitIndex + " read=" + readSeq + " entries=" + String.join(",", encoded);
        }
    }

    /** Answer to an {@link Append} or a {@link Snapshot}: on success, the follower's log matches the leader's up to {@code matchIndex}; on failure, {@code matchIndex} is where the leader should look next. */
    record AppendReply(String from, long term, boolean success, long matchIndex, long readSeq) implements Replication {
        public String encode() {
            return "APPENDED from=" + from + " term=" + term + " success=" + success + " match=" + matchIndex + " read=" + readSeq;
        }
    }

    /** The leader's checkpoint, for a follower that needs entries the leader has already truncated. */
    record Snapshot(String from, long term, Checkpoint checkpoint, long readSeq) implements Replication {
        public String encode() {
            return "SNAPSHOT from=" + from + " term=" + term + " index=" + checkpoint.index() + " at=" + checkpoint.term()
                    + " value=" + checkpoint.value() + " read=" + readSeq;
        }
    }

    static Message decode(String line) {
        String[] tokens = line.split(" ");
        Map<String, String> f = new HashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad field '" + tokens[i] + "' in message: " + line);
            }
            f.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
        }
        try {
            String from = field(f, "from");
            switch (tokens[0]) {
                case "HEARTBEAT":
                    return new Heartbeat(from, number(f, "seq"));
                case "PING":
                    return new Ping(from, number(f, "seq"));
                case "ACK":
                    return new Ack(from, field(f, "about"), number(f, "seq"));
                case "PINGREQ":
                    return new PingRequest(from, field(f, "target"), number(f, "seq"));
                case "VOTE": {
                    long[] last = pair(field(f, "last"));
                    return new VoteRequest(from, number(f, "term"), last[0], last[1], bool(f, "pre"));
                }
                case "VOTED":
                    return new VoteReply(from, number(f, "term"), bool(f, "granted"), bool(f, "pre"));
                case "APPEND": {
                    long[] prev = pair(field(f, "prev"));
                    List<Entry> entries = new ArrayList<>();
                    for (String e : field(f, "entries").split(",")) {
                        if (!e.isEmpty()) {
                            entries.add(Entry.decode(e));
                        }
                    }
                    return new Append(from, number(f, "term"), prev[0], prev[1], number(f, "commit"), number(f, "read"), entries);
                }
                case "APPENDED":
                    return new AppendReply(from, number(f, "term"), bool(f, "success"), number(f, "match"), number(f, "read"));
                case "SNAPSHOT":
                    return new Snapshot(from, number(f, "term"),
                            new Checkpoint(number(f, "index"), number(f, "at"), number(f, "value")), number(f, "read"));
                default:
                    throw new IllegalArgumentException("unknown message type '" + tokens[0] + "': " + line);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in message: " + line, e);
        }
    }

    private static String field(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null) {
            throw new IllegalArgumentException("message lacks '" + key + "'");
        }
        return v;
    }

    private static long number(Map<String, String> f, String key) {
        return Long.parseLong(field(f, key));
    }

    private static boolean bool(Map<String, String> f, String key) {
        return Boolean.parseBoolean(field(f, key));
    }

    private static long[] pair(String indexSlashTerm) {
        int slash = indexSlashTerm.indexOf('/');
        return new long[] {Long.parseLong(indexSlashTerm.substring(0, slash)), Long.parseLong(indexSlashTerm.substring(slash + 1))};
    }
}
