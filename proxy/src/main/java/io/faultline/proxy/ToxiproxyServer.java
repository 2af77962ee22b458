package io.faultline.proxy;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded TCP fault proxy that speaks Toxiproxy 2.12's HTTP API, so toxiproxy-java,
 * Testcontainers' Toxiproxy module and plain HTTP clients drive it as they would drive
 * {@code toxiproxy-server}.
 *
 * <pre>{@code
 * try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
 *     ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
 *     Proxy redis = client.createProxy("redis", "127.0.0.1:0", "127.0.0.1:6379");
 *     redis.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 100);
 * }
 * }</pre>
 */
public final class ToxiproxyServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ToxiproxyServer.class.getName());

    private final String host;
    private final HttpServer http;
    private final ExecutorService handlers;
    private final ProxyApi api;
    private final Workers workers;
    /** The API's handler threads: close() waits until they have ended, not only gone idle. */
    private final java.util.Set<Thread> handlerThreads;

    private ToxiproxyServer(String host, HttpServer http, ExecutorService handlers, java.util.Set<Thread> handlerThreads,
            ProxyApi api, Workers workers) {
        this.handlerThreads = handlerThreads;
        this.host = host;
        this.http = http;
        this.handlers = handlers;
        this.api = api;
        this.workers = workers;
    }

    /**
     * Starts the API on {@code host:port} (port 0 picks a free one). Proxies then listen wherever
     * they are told to, as in Toxiproxy.
     *
     * @throws IOException if the API address cannot be bound; the message says what to change
     */
    public static ToxiproxyServer start(String host, int port) throws IOException {
        return start(ServerOptions.defaults(host, port));
    }

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    static ToxiproxyServer start(ServerOptions options) throws IOException {
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve the API host '" + options.host()
                    + "'; pass a resolvable host or an IP such as 127.0.0.1");
        }
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK, and every API call takes ~40 ms. The JDK reads this once, at its first server.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        HttpServer http;
        try {
            http = HttpServer.create(address, 128);
        } catch (BindException e) {
            throw new IOException("cannot start the Toxiproxy API on " + options.host() + ":" + options.port()
                    + ": port " + options.port() + " is in use; stop the other toxiproxy-server or pass --port"
                    + " (0 picks a free port)", e);
        }
        Workers workers = new Workers();
        Random random = options.seed() == null ? new Random() : new Random(options.seed());
        ProxyMetrics metrics = new ProxyMetrics(options.proxyMetrics());
        ProxyApi api = new ProxyApi(new ProxyServices(random, metrics, workers, options.host()));
        java.util.Set<Thread> handlerThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ExecutorService handlers = handlerPool(handlerThreads);
        http.setExecutor(handlers);
        http.createContext("/", new HttpFront(api, metrics));
        startDaemon(http);
        return new ToxiproxyServer(options.host(), http, handlers, handlerThreads, api, workers);
    }

    /**
     * The JDK server's dispatcher thread inherits daemon status from the thread that starts it; an
     * embedded server must not keep its host JVM alive, so it is started from a daemon thread.
     */
    private static void startDaemon(HttpServer http) throws IOException {
        Thread starter = new Thread(http::start, "toxiproxy-api-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.stop(0);
            throw new IOException("interrupted while starting the Toxiproxy API", e);
        }
    }

    private static ExecutorService handlerPool(java.util.Set<Thread> threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    threads.remove(Thread.currentThread());
                }
            }, "toxiproxy-api-" + count.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public String host() {
        return host;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://host:port}, the base URL of the API. */
    public URI url() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port());
    }

    /** Loads proxies as {@code POST /populate} would (used for --config); returns the error body, or null. */
    String populate(byte[] json) {
        ApiResponse response = api.populate(json);
        return response.status() == 201 ? null : new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Stops the API, every proxy listener and every connection, and waits for their threads. */
    @Override
    public void close() {
        http.stop(0);
        handlers.shutdown();
        api.closeAll();
        Set<String> stuck = workers.awaitAll(Duration.ofSeconds(5));
        try {
            if (handlers.awaitTermination(5, TimeUnit.SECONDS)) {
                // Terminated means every worker has left its loop; wait until its thread has ended too.
                for (Thread t : java.util.List.copyOf(handlerThreads)) {
                    t.join(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stuck.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "threads still running 5 s after close: {0}", stuck);
        }
    }
}
