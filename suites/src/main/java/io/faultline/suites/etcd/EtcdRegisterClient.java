package io.faultline.suites.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checkers.history.Keyword;
import io.faultline.harness.Client;
import io.faultline.harness.Completion;
import io.faultline.harness.Invocation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A compare-and-set register in one etcd key, {@value #KEY}, through etcd's JSON gateway
 * ({@code /v3/kv/range}, {@code /v3/kv/put}, {@code /v3/kv/txn}) with the JDK's HTTP client: process p
 * talks only to its home member, the (p mod N)-th, through that member's client proxy. A missing key
 * reads as 0, the register's initial value.
 *
 * <p>{@link Reads#SERIALIZABLE} reads are etcd's {@code serializable} ranges ({@code etcdctl get
 * --consistency=s}), answered by the member from its own copy and documented as possibly stale;
 * {@link Reads#LINEARIZABLE} ones (etcd's default) go through a ReadIndex round.
 */
public final class EtcdRegisterClient implements Client {
    static final String KEY = "faultline-register";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    /** How reads are served. */
    public enum Reads {
        SERIALIZABLE, LINEARIZABLE
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final String base;
    private final Reads reads;

    private EtcdRegisterClient(String base, Reads reads) {
        this.base = base;
        this.reads = reads;
    }

    /** Give the workload a multiple of N processes: renumbering p as p + processes keeps p mod N only then. */
    public static Client.Factory pinned(Reads reads) {
        return (cluster, process) -> {
            String home = cluster.nodes().get(process % cluster.nodes().size()).name();
            return new EtcdRegisterClient("http://" + cluster.clientAddress(home, EtcdCluster.CLIENT), reads);
        };
    }

    @Override
    public Completion invoke(Invocation invocation) throws Exception {
        return switch (invocation.f()) {
            case "read" -> read();
            case "write" -> {
                long value = number(invocation.value());
                post("/v3/kv/put", "{\"key\":\"" + b64(KEY) + "\",\"value\":\"" + b64(Long.toString(value)) + "\"}");
                yield Completion.ok(value);
            }
            case "cas" -> cas(invocation.value());
            default -> throw new IllegalArgumentException("a cas register knows read, write and cas, not " + invocation.f());
        };
    }

    private Completion read() {
        JsonNode body;
        try {
            body = post("/v3/kv/range", "{\"key\":\"" + b64(KEY) + "\",\"serializable\":" + (reads == Reads.SERIALIZABLE) + "}");
        } catch (IOException | InterruptedException e) {
            return Completion.fail(Keyword.of("no-answer"));
        }
        JsonNode kvs = body.path("kvs");
        if (!kvs.isArray() || kvs.isEmpty()) {
            return Completion.ok(0L);
        }
        return Completion.ok(Long.parseLong(unb64(kvs.get(0).path("value").asText())));
    }

    private Completion cas(Object argument) throws IOException, InterruptedException {
        if (!(argument instanceof List<?> pair) || pair.size() != 2) {
            throw new IllegalArgumentException("a cas takes [old new], got " + argument);
        }
        long expected = number(pair.get(0));
        long replacement = number(pair.get(1));
        // The register starts at 0 as an absent key: "0" matches a missing key by its create revision.
        String compare = expected == 0
                ? "{\"key\":\"" + b64(KEY) + "\",\"target\":\"CREATE\",\"result\":\"EQUAL\",\"create_revision\":\"0\"}"
                : "{\"key\":\"" + b64(KEY) + "\",\"target\":\"VALUE\",\"result\":\"EQUAL\",\"value\":\"" + b64(Long.toString(expected)) + "\"}";
        String orZero = expected == 0
                ? ",{\"key\":\"" + b64(KEY) + "\",\"target\":\"VALUE\",\"result\":\"EQUAL\",\"value\":\"" + b64("0") + "\"}" : "";
        String put = "{\"request_put\":{\"key\":\"" + b64(KEY) + "\",\"value\":\"" + b64(Long.toString(replacement)) + "\"}}";
        boolean succeeded = post("/v3/kv/txn", "{\"compare\":[" + compare + "],\"success\":[" + put + "]}").path("succeeded").asBoolean(false);
        if (!succeeded && expected == 0) {
            succeeded = post("/v3/kv/txn", "{\"compare\":[" + orZero.substring(1) + "],\"success\":[" + put + "]}")
                    .path("succeeded").asBoolean(false);
        }
        return succeeded ? Completion.ok(List.of(expected, replacement)) : Completion.fail(Keyword.of("mismatch"));
    }

    private JsonNode post(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("a cas register holds integers, got " + value);
    }

    @Override
    public void close() {
        // the JDK's HTTP client holds no connection worth closing early
    }
}
