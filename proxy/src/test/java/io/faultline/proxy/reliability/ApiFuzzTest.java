package io.faultline.proxy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.proxy.ToxiproxyServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Example;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The proxy's HTTP API under random, mutated and concurrent requests: every answer is a
 * Toxiproxy-shaped success or error (never a 5xx, never a stack trace), the server keeps serving,
 * and the listeners it holds are exactly its enabled proxies' (none leaked, none on another
 * interface than loopback). Runs in the reliability profile for {@code faultline.reliability.seconds}.
 * A jqwik container, as jqwik's generators run only on its threads; each example spends a time
 * budget rather than a number of tries, and prints its seed.
 */
@Tag("reliability")
class ApiFuzzTest {
    /** Names may be as long as the fuzzer makes them (the API, like Toxiproxy, takes any length). */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNameLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE).build())
            .build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> METHODS = List.of("GET", "POST", "PATCH", "DELETE", "PUT");
    /** Few names, so that requests collide on the same proxies and toxics. */
    private static final List<String> PROXY_NAMES = List.of("a", "b", "redis", "x y", "é/ü", "");
    private static final List<String> TOXIC_NAMES = List.of("t", "latency_downstream", "slow", "");
    private static final List<String> TYPES = List.of("latency", "bandwidth", "slow_close", "timeout", "reset_peer",
            "slicer", "limit_data", "down", "nope", "LATENCY", "");
    private static final List<String> KEYS = List.of("name", "listen", "upstream", "enabled", "toxics", "type",
            "stream", "toxicity", "attributes", "latency", "jitter", "rate", "delay", "timeout", "bytes",
            "average_size", "size_variation", "NAME", "Toxicity", "x");
    /** Where a proxy may listen: loopback only (an empty host would bind every interface, which no test may do). */
    private static final List<String> LISTENS = List.of("127.0.0.1:0", "localhost:0", "127.0.0.2:0", "[::1]:0",
            "127.0.0.1:99999", "127.0.0.1:-1", "127.0.0.1", "nowhere.invalid:0", "127.0.0.1:0:0");

    /** Above the API's limit on a body: refused, and the server goes on. */
    private static final int HUGE_BODY = 20 << 20;

    private static final java.util.regex.Pattern GO_NET_ERROR =
            java.util.regex.Pattern.compile("\\{\"error\":\"(listen tcp|address |lookup )");

    private final AtomicLong unansweredOnce = new AtomicLong();
    private ToxiproxyServer server;
    private HttpClient http;
    private List<String> baseline;

    @BeforeProperty
    void start() throws IOException {
        baseline = OwnListeners.list();
        server = ToxiproxyServer.start("127.0.0.1", 0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterProperty
    void stop() {
        if (server != null) {
            server.close();
        }
        assertThat(OwnListeners.list()).as("listeners left after close").containsExactlyInAnyOrderElementsOf(baseline);
    }

    @Example
    void everyRequestGetsAToxiproxyShapedAnswer() throws Exception {
        long seed = Long.getLong("faultline.seed", System.nanoTime());
        System.out.println("ApiFuzzTest seed " + seed + " (rerun with -Dfaultline.seed=" + seed + ")");
        Random random = new Random(seed);
        Requests requests = new Requests(random);
        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(Figures.budgetSeconds()).toNanos();
        long cases = 0;
        while (System.nanoTime() < deadline && problems.size() < 20) {
            Request request = requests.next();
            cases++;
            try {
                HttpResponse<String> response = send(request);
                String problem = shapeProblem(request, response);
                if (problem != null) {
                    problems.add(problem);
                }
            } catch (IOException e) {
                String problem = retried(request, e);
                if (problem != null) {
                    problems.add(problem);
                }
            }
            if (cases % 200 == 0) {
                String problem = listenerProblem();
                if (problem != null) {
                    problems.add("after case " + cases + ": " + problem);
                }
            }
        }
        String leak = deleteEverythingThenListenerProblem();
        if (leak != null) {
            problems.add("after deleting every proxy: " + leak);
        }
        new Figures("proxy-api-fuzz").put("fuzzCases", cases).put("crashes", problems.size())
                .put("unansweredOnce", unansweredOnce.get()).put("seed", seed).write();
        assertThat(problems).as("seed %d", seed).isEmpty();
    }

    @Example
    void concurrentCreateDeleteAndToxicsOnOneProxyStayConsistent() throws Exception {
        long seed = Long.getLong("faultline.seed", System.nanoTime());
        System.out.println("ApiFuzzTest seed " + seed);
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(5, Figures.budgetSeconds() / 4)).toNanos();
        AtomicLong cases = new AtomicLong();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            Random random = new Random(seed + w);
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadline && problems.size() < 20) {
                    Request request = switch (random.nextInt(7)) {
                        case 0, 1 -> new Request("POST", "/proxies",
                                "{\"name\":\"one\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:9\"}");
                        case 2, 3 -> new Request("DELETE", "/proxies/one", "");
                        case 4 -> new Request("PATCH", "/proxies/one", "{\"enabled\":" + random.nextBoolean() + "}");
                        case 5 -> new Request("POST", "/proxies/one/toxics",
                                "{\"type\":\"latency\",\"attributes\":{\"latency\":" + random.nextInt(1000) + "}}");
                        default -> new Request("DELETE", "/proxies/one/toxics/latency_downstream", "");
                    };
                    cases.incrementAndGet();
                    try {
                        String problem = shapeProblem(request, send(request));
                        if (problem != null) {
                            problems.add(problem);
                        }
                    } catch (IOException e) {
                        String problem = retried(request, e);
                        if (problem != null) {
                            problems.add(problem);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        String problem = listenerProblem();
        if (problem != null) {
            problems.add("after the concurrent requests: " + problem);
        }
        String leak = deleteEverythingThenListenerProblem();
        if (leak != null) {
            problems.add("after deleting every proxy: " + leak);
        }
        new Figures("proxy-api-concurrent").put("fuzzCases", cases.get()).put("crashes", problems.size())
                .put("unansweredOnce", unansweredOnce.get()).put("seed", seed).write();
        assertThat(problems).as("seed %d", seed).isEmpty();
    }

    record Request(String method, String path, String body) {
        @Override
        public String toString() {
            String shown = body.length() > 300 ? body.substring(0, 300) + "…(" + body.length() + " chars)" : body;
            return method + " " + path + " " + shown;
        }
    }

    /**
     * A request that got no answer at all, sent once more on a fresh connection: the server must
     * still be serving (null), or it is a problem. One in 773,812 concurrent requests once got no
     * answer on a pooled keep-alive connection (RELIABILITY.md, findings); such requests are counted
     * as {@code unansweredOnce} and printed, not hidden.
     */
    private String retried(Request request, IOException first) {
        unansweredOnce.incrementAndGet();
        System.out.println("no answer, sent again: " + request + ": " + first);
        try {
            HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> again = fresh.send(HttpRequest.newBuilder(URI.create(server.url() + request.path()))
                    .timeout(Duration.ofSeconds(10))
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body())).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return shapeProblem(request, again);
        } catch (IOException e) {
            return request + " -> no answer, twice: " + first + "; " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null; // the campaign is ending
        }
    }

    private HttpResponse<String> send(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.url() + request.path()))
                .timeout(Duration.ofSeconds(10))
                .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Null when the answer has a shape Toxiproxy gives; otherwise what is wrong with it. */
    private static String shapeProblem(Request request, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body();
        String seen = request + " -> " + status + " " + (body.length() > 500 ? body.substring(0, 500) : body);
        // Toxiproxy itself answers 500 with Go's net error ("listen tcp ...", "address ...: missing port",
        // "lookup x: no such host") when a listen address cannot be bound; a Java exception's name or a
        // stack trace is what must never show.
        if (status > 500 || status == 500 && !GO_NET_ERROR.matcher(body).lookingAt()) {
            return seen;
        }
        if (body.contains("Exception") || body.contains("java.") || body.contains("\tat ")) {
            return "a stack trace or exception name in the answer: " + seen;
        }
        if (status == 204 || status == 405) {
            return body.isEmpty() ? null : "a body on " + status + ": " + seen;
        }
        if (status == 404 && body.equals("404 page not found\n") || status == 403) {
            return null;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return "not JSON: " + seen;
        }
        if (status >= 400 && !request.path().equals("/populate")) {
            boolean shaped = json != null && json.path("error").isTextual() && json.path("status").asInt() == status;
            return shaped ? null : "not {error, status}: " + seen;
        }
        return json == null ? "an empty answer: " + seen : null;
    }

    /** The proxies' listeners must be exactly the enabled proxies', all on loopback. */
    private String listenerProblem() throws IOException, InterruptedException {
        HttpResponse<String> index = send(new Request("GET", "/proxies", ""));
        if (index.statusCode() != 200) {
            return "GET /proxies answered " + index.statusCode() + " " + index.body();
        }
        int enabled = 0;
        for (JsonNode proxy : JSON.readTree(index.body())) {
            enabled += proxy.path("enabled").asBoolean() ? 1 : 0;
        }
        List<String> listeners = new ArrayList<>(OwnListeners.list());
        baseline.forEach(listeners::remove);
        // one of them is the API's own
        if (listeners.size() != enabled + 1) {
            return listeners.size() - 1 + " proxy listeners for " + enabled + " enabled proxies: " + listeners;
        }
        for (String address : listeners) {
            if (!isLoopback(address)) {
                return "a listener on a non-loopback address: " + address;
            }
        }
        return null;
    }

    private String deleteEverythingThenListenerProblem() throws IOException, InterruptedException {
        HttpResponse<String> index = send(new Request("GET", "/proxies", ""));
        var names = JSON.readTree(index.body()).fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            int status = send(new Request("DELETE", "/proxies/" + encode(name), "")).statusCode();
            // Routing is on the decoded path, as gorilla/mux does it for Toxiproxy: a name with a
            // slash cannot be addressed (its listener still counts below, through GET /proxies).
            if (status != 204 && !name.contains("/")) {
                return "DELETE of proxy '" + name + "' answered " + status;
            }
        }
        return listenerProblem();
    }

    /** Hex address from /proc/net/tcp(6): 0100007F:port is 127.0.0.1; IPv6 ::1 and ::ffff:127.x too. */
    static boolean isLoopback(String hexAddress) {
        String ip = hexAddress.substring(0, hexAddress.indexOf(':'));
        if (ip.length() == 8) {
            return ip.endsWith("7F");
        }
        return ip.equals("00000000000000000000000001000000")
                || ip.startsWith("0000000000000000FFFF0000") && ip.endsWith("7F");
    }

    static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Random requests: well-formed ones with values of every type, mutated ones, and noise. */
    static final class Requests {
        private final Random random;
        private final RandomGenerator<String> anyString = Arbitraries.strings().all().ofMaxLength(64).generator(100);
        private final RandomGenerator<String> hugeString =
                Arbitraries.strings().alpha().ofMinLength(10_000).ofMaxLength(200_000).generator(1000);
        private final RandomGenerator<Long> anyLong = Arbitraries.longs().generator(1000);
        private final RandomGenerator<Double> anyDouble = Arbitraries.doubles().generator(1000);

        Requests(Random random) {
            this.random = random;
        }

        Request next() {
            String proxy = encode(pick(random.nextInt(10) == 0 ? List.of(anyString.next(random).value()) : PROXY_NAMES));
            String toxic = encode(pick(random.nextInt(10) == 0 ? List.of(anyString.next(random).value()) : TOXIC_NAMES));
            String path = switch (random.nextInt(9)) {
                case 0, 1 -> "/proxies";
                case 2, 3 -> "/proxies/" + proxy;
                case 4, 5 -> "/proxies/" + proxy + "/toxics";
                case 6 -> "/proxies/" + proxy + "/toxics/" + toxic;
                case 7 -> pick(List.of("/populate", "/reset", "/version", "/metrics", "/", "/proxies/"));
                default -> "/" + encode(anyString.next(random).value());
            };
            String method = random.nextInt(4) == 0 ? pick(METHODS) : path.endsWith("/proxies") || path.endsWith("/toxics")
                    || path.equals("/populate") || path.equals("/reset") ? "POST" : pick(METHODS);
            return new Request(method, path, body(path));
        }

        private String body(String path) {
            JsonNode shaped = path.equals("/populate") ? populateBody()
                    : path.endsWith("/toxics") || path.contains("/toxics/") ? toxicBody() : proxyBody();
            String text = shaped.toString();
            switch (random.nextInt(6)) {
                case 0:
                    return mutatedOrSafe(text);
                case 1:
                    return mutatedOrSafe(noise());
                default:
                    return text;
            }
        }

        private JsonNode populateBody() {
            ArrayNode list = NODES.arrayNode();
            for (int i = random.nextInt(4); i > 0; i--) {
                list.add(proxyBody());
            }
            return random.nextInt(8) == 0 ? anyValue(2) : list;
        }

        private JsonNode proxyBody() {
            ObjectNode body = NODES.objectNode();
            maybe(body, "name", NODES.textNode(pick(PROXY_NAMES)));
            maybe(body, "listen", NODES.textNode(pick(LISTENS)));
            maybe(body, "upstream", NODES.textNode(pick(List.of("127.0.0.1:9", "localhost:1", "x", ""))));
            maybe(body, "enabled", NODES.booleanNode(random.nextBoolean()));
            if (random.nextInt(4) == 0) {
                ArrayNode toxics = body.putArray("toxics");
                for (int i = random.nextInt(3); i > 0; i--) {
                    toxics.add(toxicBody());
                }
            }
            wrongTypes(body);
            return body;
        }

        private JsonNode toxicBody() {
            ObjectNode body = NODES.objectNode();
            maybe(body, "name", NODES.textNode(pick(TOXIC_NAMES)));
            maybe(body, "type", NODES.textNode(pick(TYPES)));
            maybe(body, "stream", NODES.textNode(pick(List.of("upstream", "downstream", "sideways", ""))));
            maybe(body, "toxicity", number());
            ObjectNode attributes = NODES.objectNode();
            for (String key : List.of("latency", "jitter", "rate", "delay", "timeout", "bytes", "average_size",
                    "size_variation")) {
                maybe(attributes, key, number());
            }
            maybe(body, "attributes", attributes);
            wrongTypes(body);
            return body;
        }

        /** Now and then a field gets a value of any type; the listen field keeps a loopback one. */
        private void wrongTypes(ObjectNode body) {
            if (random.nextInt(3) == 0) {
                String key = pick(KEYS);
                if (!key.equals("listen")) {
                    body.set(key, anyValue(3));
                }
            }
        }

        private JsonNode number() {
            return switch (random.nextInt(8)) {
                case 0 -> NODES.numberNode(anyLong.next(random).value());
                case 1 -> NODES.numberNode(anyDouble.next(random).value());
                case 2 -> NODES.numberNode(new BigInteger(200, random).negate());
                case 3 -> NODES.numberNode(new BigDecimal("1e400"));
                case 4 -> NODES.numberNode(Long.MAX_VALUE);
                case 5 -> NODES.numberNode(-1);
                default -> NODES.numberNode(random.nextInt(2000));
            };
        }

        private JsonNode anyValue(int depth) {
            int kind = random.nextInt(depth > 0 ? 9 : 7);
            switch (kind) {
                case 0:
                    return NODES.nullNode();
                case 1:
                    return NODES.booleanNode(random.nextBoolean());
                case 2:
                case 3:
                    return number();
                case 4:
                    return NODES.textNode(anyString.next(random).value());
                case 5:
                    return NODES.textNode(hugeString.next(random).value());
                case 6:
                    return NODES.textNode("");
                case 7: {
                    ArrayNode array = NODES.arrayNode();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        array.add(anyValue(depth - 1));
                    }
                    return array;
                }
                default: {
                    ObjectNode object = NODES.objectNode();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        String key = pick(KEYS);
                        if (!key.equals("listen")) {
                            object.set(key, anyValue(depth - 1));
                        }
                    }
                    return object;
                }
            }
        }

        private String noise() {
            return switch (random.nextInt(5)) {
                case 0 -> anyString.next(random).value();
                case 1 -> "[".repeat(random.nextInt(100_000)) ;
                case 2 -> "{\"a\":".repeat(random.nextInt(20_000));
                case 3 -> random.nextInt(20) == 0 ? "[" + "1,".repeat(HUGE_BODY / 2) + "1]" : "[]";
                default -> new String(bytes(random.nextInt(2000)), StandardCharsets.ISO_8859_1);
            };
        }

        private byte[] bytes(int n) {
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            return bytes;
        }

        /**
         * A few byte edits. A mutated body that could name a listen address (Go matches keys without
         * regard to case, and \\u escapes spell any key) is replaced by an empty one: the fuzzer
         * must never make the proxy bind a public interface.
         */
        private String mutatedOrSafe(String text) {
            StringBuilder out = new StringBuilder(text);
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                int at = out.length() == 0 ? 0 : random.nextInt(out.length());
                switch (random.nextInt(3)) {
                    case 0 -> {
                        if (out.length() > 0) {
                            out.deleteCharAt(at);
                        }
                    }
                    case 1 -> out.insert(at, pick(List.of("\"", "{", "}", "[", "]", ",", ":", "\\", "0", "-", "e",
                            "null", "\u0000", "\uD800", "é")));
                    default -> {
                        if (out.length() > 0) {
                            out.setCharAt(at, (char) random.nextInt(256));
                        }
                    }
                }
            }
            String mutated = out.toString();
            String folded = mutated.toLowerCase(Locale.ROOT);
            boolean couldListen = folded.contains("listen") || folded.contains("\\u") || folded.contains("ſ");
            return couldListen ? "" : mutated;
        }

        private <T> T pick(List<T> list) {
            return list.get(random.nextInt(list.size()));
        }

        private void maybe(ObjectNode body, String key, JsonNode value) {
            if (random.nextInt(5) != 0) {
                body.set(key, value);
            }
        }
    }
}
