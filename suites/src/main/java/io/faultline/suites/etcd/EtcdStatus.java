package io.faultline.suites.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.harness.Node;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A member's own view, from etcd's maintenance status ({@code POST /v3/maintenance/status} on its
 * unproxied status listener): its id, the leader's id, and the Raft term.
 */
record EtcdStatus(String memberId, String leaderId, long raftTerm) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();

    boolean hasLeader() {
        return !leaderId.isEmpty() && !leaderId.equals("0");
    }

    boolean isLeader() {
        return hasLeader() && leaderId.equals(memberId);
    }

    static Optional<EtcdStatus> ask(Node node) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + node.directAddress(EtcdCluster.STATUS)
                    + "/v3/maintenance/status")).timeout(Duration.ofMillis(500))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode body = JSON.readTree(response.body());
            return Optional.of(new EtcdStatus(body.path("header").path("member_id").asText(""), body.path("leader").asText(""),
                    body.path("raftTerm").asLong(0)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
