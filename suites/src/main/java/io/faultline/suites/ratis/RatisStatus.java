package io.faultline.suites.ratis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.server.RaftServer;

/**
 * A server's view of its group, as Ratis holds it: its role and term, the leader it knows, and — on
 * a leader — how long ago each follower last answered. One line of text, e.g.
 * {@code role=LEADER term=3 leader=n1 followers=n2:12,n3:7}.
 *
 * @param role LEADER, FOLLOWER, CANDIDATE, ...
 * @param leader the leader's id, or empty when it knows none
 * @param followerSilenceMillis on a leader, per follower, milliseconds since its last answer
 */
public record RatisStatus(String role, long term, String leader, Map<String, Long> followerSilenceMillis) {

    public RatisStatus {
        followerSilenceMillis = Map.copyOf(followerSilenceMillis);
    }

    static RatisStatus of(RaftServer.Division division) {
        var info = division.getInfo();
        Map<String, Long> followers = new LinkedHashMap<>();
        if (info.isLeader()) {
            RoleInfoProto role = info.getRoleInfoProto();
            for (ServerRpcProto follower : role.getLeaderInfo().getFollowerInfoList()) {
                followers.put(follower.getId().getId().toStringUtf8(), follower.getLastRpcElapsedTimeMs());
            }
        }
        String leader = info.getLeaderId() == null ? "" : info.getLeaderId().toString();
        return new RatisStatus(info.getCurrentRole().name(), info.getCurrentTerm(), leader, followers);
    }

    String line() {
        StringBuilder followers = new StringBuilder();
        followerSilenceMillis.forEach((id, ms) -> followers.append(followers.isEmpty() ? "" : ",").append(id).append(':').append(ms));
        return "role=" + role + " term=" + term + " leader=" + leader + " followers=" + followers;
    }

    static RatisStatus parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String word : line.trim().split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                fields.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        if (!fields.containsKey("role") || !fields.containsKey("term")) {
            throw new IllegalArgumentException("not a Ratis status line: " + line);
        }
        Map<String, Long> followers = new LinkedHashMap<>();
        String list = fields.getOrDefault("followers", "");
        if (!list.isEmpty()) {
            for (String entry : list.split(",")) {
                int colon = entry.lastIndexOf(':');
                followers.put(entry.substring(0, colon), Long.parseLong(entry.substring(colon + 1)));
            }
        }
        return new RatisStatus(fields.get("role"), Long.parseLong(fields.get("term")), fields.getOrDefault("leader", ""), followers);
    }

    /** Asks the server at {@code hostPort} (its status port, directly), waiting at most {@code timeoutMillis}. */
    public static RatisStatus ask(String hostPort, int timeoutMillis) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IOException(hostPort + " closed without a status line");
            }
            return parse(line);
        }
    }

    public boolean isLeader() {
        return role.equals("LEADER");
    }
}
