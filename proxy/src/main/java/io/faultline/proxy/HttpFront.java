package io.faultline.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of the API as gorilla/mux and Toxiproxy's middleware shape it: routing on the
 * decoded path (one segment per variable), 404 {@code 404 page not found} for unknown paths, an
 * empty 405 for a known path with another method, and on routed requests only a request id and
 * the 403 for browsers. Error bodies are JSON labelled text/plain, as Go's http.Error leaves them.
 */
final class HttpFront implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(HttpFront.class.getName());
    private static final String PLAIN = "text/plain; charset=utf-8";
    private static final Set<String> ANY = Set.of();
    private static final Set<String> UPDATE_METHODS = Set.of("GET", "POST", "PATCH", "DELETE");
    /** Far above any real populate body; a larger one is refused rather than held in the heap it shares with tests. */
    static final int MAX_BODY = 16 << 20;

    private final ProxyApi api;
    private final ProxyMetrics metrics;
    private final RequestIds requestIds = new RequestIds();

    HttpFront(ProxyApi api, ProxyMetrics metrics) {
        this.api = api;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // Read first, whatever the answer: a body left unread past the JDK's drain limit makes the
            // server close the connection after answering, and a keep-alive client's next request on
            // it then fails with no answer at all.
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, new ApiResponse(413, PLAIN, JsonOutput.error(new ApiError(413,
                        "request body too large: the API takes at most " + MAX_BODY / (1 << 20) + " MiB"))), true);
                return;
            }
            String[] path = exchange.getRequestURI().getPath().split("/", -1);
            String method = exchange.getRequestMethod();
            Set<String> allowed = allowedMethods(path);
            if (allowed == null) {
                send(exchange, ApiResponse.text(404, PLAIN, "404 page not found\n"), true);
                return;
            }
            if (allowed != ANY && !allowed.contains(method)) {
                send(exchange, new ApiResponse(405, null, new byte[0]), false);
                return;
            }
            exchange.getResponseHeaders().set("X-Toxiproxy-Request-Id", requestIds.next());
            String agent = exchange.getRequestHeaders().getFirst("User-Agent");
            if (agent != null && agent.startsWith("Mozilla/")) {
                send(exchange, ApiResponse.text(403, PLAIN, "User agent not allowed\n"), true);
                return;
            }
            ApiResponse response;
            try {
                response = route(path, method, body);
            } catch (ApiError e) {
                response = new ApiResponse(e.status(), PLAIN, JsonOutput.error(e));
            } catch (RuntimeException e) {
                // A bug must not cost the client its connection or the server its next request.
                LOG.log(System.Logger.Level.ERROR, "unexpected failure serving " + method + " " + exchange.getRequestURI(), e);
                response = new ApiResponse(500, PLAIN, JsonOutput.error(new ApiError(500, e.toString())));
            }
            send(exchange, response, PLAIN.equals(response.contentType()));
        }
    }

    /** The whole body, or null if it is larger than {@link #MAX_BODY} (the rest is read and dropped). */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY);
        if (in.read() < 0) {
            return body;
        }
        in.transferTo(OutputStream.nullOutputStream());
        return null;
    }

    /** The methods a path's routes take, {@link #ANY} for /metrics, null if no route has this path. */
    private Set<String> allowedMethods(String[] path) {
        if (path.length < 2 || !path[0].isEmpty()) {
            return null;
        }
        switch (path.length) {
            case 2:
                switch (path[1]) {
                    case "reset":
                    case "populate":
                        return Set.of("POST");
                    case "proxies":
                        return Set.of("GET", "POST");
                    case "version":
                        return Set.of("GET");
                    case "metrics":
                        return metrics.enabled() ? ANY : null;
                    default:
                        return null;
                }
            case 3:
                return path[1].equals("proxies") && !path[2].isEmpty() ? UPDATE_METHODS : null;
            case 4:
                return isToxicsPath(path) ? Set.of("GET", "POST") : null;
            case 5:
                return isToxicsPath(path) && !path[4].isEmpty() ? UPDATE_METHODS : null;
            default:
                return null;
        }
    }

    private static boolean isToxicsPath(String[] path) {
        return path[1].equals("proxies") && !path[2].isEmpty() && path[3].equals("toxics");
    }

    private ApiResponse route(String[] path, String method, byte[] body) throws ApiError {
        if (path.length == 2) {
            switch (path[1]) {
                case "reset":
                    return api.reset();
                case "populate":
                    return api.populate(body);
                case "version":
                    return ApiResponse.text(200, "application/json;charset=utf-8",
                            "{\"version\": \"" + ProxyApi.VERSION + "\"}\n");
                case "metrics":
                    return ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.exposition());
                default:
                    return method.equals("GET") ? api.listProxies() : api.createProxy(body);
            }
        }
        String proxy = path[2];
        if (path.length == 3) {
            switch (method) {
                case "GET":
                    return api.showProxy(proxy);
                case "DELETE":
                    return api.deleteProxy(proxy);
                default:
                    return api.updateProxy(proxy, body);
            }
        }
        if (path.length == 4) {
            return method.equals("GET") ? api.listToxics(proxy) : api.createToxic(proxy, body);
        }
        String toxic = path[4];
        switch (method) {
            case "GET":
                return api.showToxic(proxy, toxic);
            case "DELETE":
                return api.deleteToxic(proxy, toxic);
            default:
                return api.updateToxic(proxy, toxic, body);
        }
    }

    private static void send(HttpExchange exchange, ApiResponse response, boolean noSniff) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        if (response.contentType() != null) {
            headers.set("Content-Type", response.contentType());
        }
        if (noSniff) {
            headers.set("X-Content-Type-Options", "nosniff");
        }
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * 20-character ids in the style of the xid ones Toxiproxy sends (time, a random machine part,
     * a counter, in base32hex). Opaque to clients; only their presence matters.
     */
    static final class RequestIds {
        private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuv".toCharArray();
        private final byte[] machine = new byte[5];
        private final AtomicInteger counter;

        RequestIds() {
            SecureRandom random = new SecureRandom();
            random.nextBytes(machine);
            counter = new AtomicInteger(random.nextInt());
        }

        String next() {
            byte[] id = new byte[12];
            int seconds = (int) (System.currentTimeMillis() / 1000);
            int count = counter.getAndIncrement();
            for (int i = 0; i < 4; i++) {
                id[i] = (byte) (seconds >>> (24 - 8 * i));
            }
            System.arraycopy(machine, 0, id, 4, 5);
            id[9] = (byte) (count >>> 16);
            id[10] = (byte) (count >>> 8);
            id[11] = (byte) count;
            StringBuilder text = new StringBuilder(20);
            long bits = 0;
            int available = 0;
            for (byte b : id) {
                bits = bits << 8 | (b & 0xff);
                available += 8;
                while (available >= 5) {
                    text.append(DIGITS[(int) (bits >>> (available - 5)) & 31]);
                    available -= 5;
                }
            }
            text.append(DIGITS[(int) (bits << (5 - available)) & 31]);
            return text.toString();
        }
    }
}
