package io.faultline.suites.zookeeper;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one ZooKeeper server said about its place in the ensemble, read from its {@code srvr} answer
 * and its quorum beans ({@link QuorumBeansServer}) taken one after the other.
 *
 * @param role where the server stands
 * @param leader when {@link Role#FOLLOWING}, the server id of the leader it follows; else -1
 * @param syncedLearners when {@link Role#LEADING}, the server ids of the learners it holds that are
 *     synced (acknowledged within syncLimit ticks); else empty
 */
record ServerView(Role role, long leader, Set<Long> syncedLearners) {

    enum Role {
        /** Serving as leader ({@code Mode: leader}, bean state {@code leading}). */
        LEADING,
        /** Serving as follower of {@link #leader} ({@code Mode: follower}, bean state {@code following}). */
        FOLLOWING,
        /** In leader election: not serving, bean state {@code leaderelection}. */
        LOOKING,
        /**
         * Neither of the above for sure: leading or following but not serving yet (discovery,
         * synchronization), an observer, or two answers that disagree because the server changed
         * state between them. It says nothing new.
         */
        UNSETTLED
    }

    private static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests";
    /** {@code ReplicatedServer_id1/replica.3<TAB>Leader<TAB>true}. */
    private static final Pattern ATTRIBUTE = Pattern.compile("^ReplicatedServer_id(\\d+)/replica\\.(\\d+)\\t(\\w+)\\t(.*)$");
    /** {@code .../Leader<TAB>followerInfo<TAB>LearnerHandler Socket[addr=/127.0.0.1,port=43334,localport=2890] ... synced?:true ...}. */
    private static final Pattern HANDLER = Pattern.compile(
            "/Leader\\tfollowerInfo\\tLearnerHandler Socket\\[addr=[^/]*/([^,]+),port=(\\d+),.*\\bsynced\\?:(true|false)\\b");
    /** {@code .../Leader/Learner_Connections/"127.0.0.1:43334"/"id:1"}. */
    private static final Pattern CONNECTION = Pattern.compile("/Leader/Learner_Connections/\"([^\"]+)\"/\"id:(\\d+)\"$");

    ServerView {
        syncedLearners = Set.copyOf(syncedLearners);
    }

    static ServerView unsettled() {
        return new ServerView(Role.UNSETTLED, -1, Set.of());
    }

    /**
     * Reads a server's {@code srvr} answer and the quorum beans it served right after; an answer
     * that is neither (a node that closed the connection, a port that is not ZooKeeper's) is
     * {@link Role#UNSETTLED}.
     */
    static ServerView parse(String srvr, String beans) {
        Optional<String> mode = FourLetterWords.field(srvr, "Mode");
        boolean notServing = srvr.lines().anyMatch(l -> l.trim().equals(NOT_SERVING));
        String state = null;
        long me = -1;
        long leader = -1;
        int leaders = 0;
        for (String line : beans.split("\n")) {
            Matcher m = ATTRIBUTE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long server = Long.parseLong(m.group(1));
            long replica = Long.parseLong(m.group(2));
            if (m.group(3).equals("State") && server == replica) {
                state = m.group(4).trim();
                me = server;
            } else if (m.group(3).equals("Leader") && m.group(4).trim().equals("true")) {
                // during an election this is the server's current vote, not a leader
                leader = replica;
                leaders++;
            }
        }
        if (notServing && "leaderelection".equals(state)) {
            return new ServerView(Role.LOOKING, -1, Set.of());
        }
        if (mode.filter("follower"::equals).isPresent() && "following".equals(state) && leaders == 1 && leader != me) {
            return new ServerView(Role.FOLLOWING, leader, Set.of());
        }
        if (mode.filter("leader"::equals).isPresent() && "leading".equals(state)) {
            return new ServerView(Role.LEADING, -1, syncedLearners(beans));
        }
        return unsettled();
    }

    /**
     * The leader's learners that are synced: its {@code followerInfo} says which connection is synced,
     * and the connection's bean says whose it is. A connection whose bean is not registered yet
     * (the learner has not said who it is) or no longer (shut down) is nobody's yet, or any more.
     */
    private static Set<Long> syncedLearners(String beans) {
        Map<String, Boolean> syncedByAddress = new HashMap<>();
        Map<String, Long> sidByAddress = new HashMap<>();
        for (String line : beans.split("\n")) {
            Matcher handler = HANDLER.matcher(line);
            if (handler.find()) {
                syncedByAddress.put(handler.group(1) + ":" + handler.group(2), Boolean.parseBoolean(handler.group(3)));
                continue;
            }
            Matcher connection = CONNECTION.matcher(line);
            if (connection.find()) {
                sidByAddress.put(connection.group(1), Long.parseLong(connection.group(2)));
            }
        }
        Set<Long> synced = new TreeSet<>();
        sidByAddress.forEach((address, sid) -> {
            if (Boolean.TRUE.equals(syncedByAddress.get(address))) {
                synced.add(sid);
            }
        });
        return synced;
    }
}
