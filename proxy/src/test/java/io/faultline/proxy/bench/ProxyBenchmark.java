package io.faultline.proxy.bench;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.faultline.proxy.ToxiproxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the embedded proxy costs, with no toxics, on loopback: added latency per hop, single-connection
 * throughput, and 1,000 concurrent echoing connections. Every figure is measured proxied and direct in
 * the same run, so the machine's noise shows in both. A tool, not a test: it asserts nothing.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -q -o -pl proxy test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
 * java -cp proxy/target/test-classes:proxy/target/classes:$(cat proxy/target/bench.classpath) io.faultline.proxy.bench.ProxyBenchmark
 * </pre>
 * Sizes can be changed with {@code -Dbench.roundTrips=20000 -Dbench.streamBytes=1073741824
 * -Dbench.concurrentConnections=1000 -Dbench.concurrentSeconds=5} before the class name.
 */
public final class ProxyBenchmark {
    private static final String HOST = "127.0.0.1";
    private static final int WARM_UP_ROUND_TRIPS = 5_000;
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final int roundTrips = Integer.getInteger("bench.roundTrips", 20_000);
    private final long streamBytes = Long.getLong("bench.streamBytes", 1L << 30);
    private final int connections = Integer.getInteger("bench.concurrentConnections", 1_000);
    private final int concurrentSeconds = Integer.getInteger("bench.concurrentSeconds", 5);
    private final List<String> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new ProxyBenchmark().run();
    }

    private void run() throws Exception {
        try (ToxiproxyServer server = ToxiproxyServer.start(HOST, 0);
                EchoServer echo = new EchoServer();
                SinkServer sink = new SinkServer()) {
            ToxiproxyClient client = new ToxiproxyClient(HOST, server.port());
            int echoProxy = port(client.createProxy("bench-echo", HOST + ":0", HOST + ":" + echo.port()));
            int sinkProxy = port(client.createProxy("bench-sink", HOST + ":0", HOST + ":" + sink.port()));

            latencyPerHop(echo.port(), echoProxy);
            throughput(sink, sinkProxy);
            concurrentConnections(echo.port(), echoProxy);
        }
        System.out.printf(Locale.ROOT, "%n| measurement | direct | proxied | per hop / ratio |%n|---|---|---|---|%n");
        rows.forEach(System.out::println);
        // the server runs in this JVM, as it does embedded in a test; a loaded machine shows in the load average
        System.out.printf(Locale.ROOT, "%n%s %s, %d cores, load average %.1f at the end%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static int port(Proxy proxy) {
        String listen = proxy.getListen();
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    /** 1-byte echo round trips, alternating direct and proxied in blocks so both see the same noise. */
    private void latencyPerHop(int directPort, int proxiedPort) throws IOException {
        Histogram direct = new Histogram(HIGHEST_NANOS, 3);
        Histogram proxied = new Histogram(HIGHEST_NANOS, 3);
        try (Socket d = connect(directPort); Socket p = connect(proxiedPort)) {
            for (int i = 0; i < WARM_UP_ROUND_TRIPS; i++) {
                roundTrip(d);
                roundTrip(p);
            }
            for (int done = 0; done < roundTrips; done += 1000) {
                for (int i = 0; i < 1000; i++) {
                    direct.recordValue(roundTrip(d));
                }
                for (int i = 0; i < 1000; i++) {
                    proxied.recordValue(roundTrip(p));
                }
            }
        }
        for (double percentile : new double[] {50, 99}) {
            long dn = direct.getValueAtPercentile(percentile);
            long pn = proxied.getValueAtPercentile(percentile);
            rows.add(String.format(Locale.ROOT, "| 1-byte round trip p%.0f (%d each) | %.1f µs | %.1f µs | **%.1f µs** added per hop |",
                    percentile, direct.getTotalCount(), dn / 1e3, pn / 1e3, (pn - dn) / 2e3));
        }
    }

    private static long roundTrip(Socket s) throws IOException {
        long start = System.nanoTime();
        s.getOutputStream().write(1);
        if (s.getInputStream().read() != 1) {
            throw new IOException("echo lost its byte");
        }
        return System.nanoTime() - start;
    }

    /** One connection streaming {@code streamBytes} one way into a discarding server. */
    private void throughput(SinkServer sink, int proxiedPort) throws Exception {
        double direct = streamMegabytesPerSecond(sink, sink.port());
        double proxied = streamMegabytesPerSecond(sink, proxiedPort);
        rows.add(String.format(Locale.ROOT, "| one connection, %d MiB one way | %.0f MB/s | %.0f MB/s | %.2f of direct |",
                streamBytes >> 20, direct, proxied, proxied / direct));
    }

    private double streamMegabytesPerSecond(SinkServer sink, int port) throws Exception {
        byte[] block = new byte[64 * 1024];
        try (Socket s = connect(port)) {
            CountDownLatch drained = sink.expect(streamBytes);
            long start = System.nanoTime();
            OutputStream out = s.getOutputStream();
            for (long left = streamBytes; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
            if (!drained.await(5, TimeUnit.MINUTES)) {
                throw new IOException("the sink did not receive all " + streamBytes + " bytes");
            }
            return streamBytes / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** {@code connections} connections at once, each on its own thread doing 8-byte echo round trips. */
    private void concurrentConnections(int directPort, int proxiedPort) throws Exception {
        Result direct = concurrently(directPort);
        Result proxied = concurrently(proxiedPort);
        rows.add(String.format(Locale.ROOT, "| %d connections × %d s: round trips (errors) | %d (%d) | %d (%d) | %.2f of direct |",
                connections, concurrentSeconds, direct.histogram.getTotalCount(), direct.errors,
                proxied.histogram.getTotalCount(), proxied.errors,
                (double) proxied.histogram.getTotalCount() / direct.histogram.getTotalCount()));
        for (double percentile : new double[] {50, 99}) {
            rows.add(String.format(Locale.ROOT, "| %d connections: round trip p%.0f | %.2f ms | %.2f ms | |",
                    connections, percentile, direct.histogram.getValueAtPercentile(percentile) / 1e6,
                    proxied.histogram.getValueAtPercentile(percentile) / 1e6));
        }
    }

    private record Result(Histogram histogram, long errors) {
    }

    private Result concurrently(int port) throws Exception {
        ConcurrentHistogram histogram = new ConcurrentHistogram(HIGHEST_NANOS, 3);
        AtomicLong errors = new AtomicLong();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                sockets.add(connect(port));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            long[] deadline = new long[1];
            for (Socket s : sockets) {
                Thread t = new Thread(() -> {
                    byte[] message = {1, 2, 3, 4, 5, 6, 7, 8};
                    byte[] reply = new byte[8];
                    try {
                        go.await();
                        InputStream in = s.getInputStream();
                        while (System.nanoTime() < deadline[0]) {
                            long start = System.nanoTime();
                            s.getOutputStream().write(message);
                            if (in.readNBytes(reply, 0, 8) != 8) {
                                throw new IOException("EOF");
                            }
                            histogram.recordValue(Math.min(System.nanoTime() - start, HIGHEST_NANOS));
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                });
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            deadline[0] = System.nanoTime() + TimeUnit.SECONDS.toNanos(concurrentSeconds);
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
        } catch (IOException e) {
            errors.addAndGet(connections - sockets.size());
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        return new Result(histogram, errors.get());
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(HOST, port), 10_000);
        s.setTcpNoDelay(true);
        s.setSoTimeout(30_000);
        return s;
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 4096, InetAddress.getByName(HOST));
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Thread-per-connection echo. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket server = listen();

        EchoServer() throws IOException {
            daemon("bench-echo-accept", () -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        s.setTcpNoDelay(true);
                        daemon("bench-echo", () -> echo(s));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void echo(Socket s) {
            try (s) {
                byte[] buf = new byte[64 * 1024];
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // the client went away
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Discards everything; signals when the expected number of bytes has arrived on the current stream. */
    private static final class SinkServer implements AutoCloseable {
        private final ServerSocket server = listen();
        private volatile long expected;
        private volatile CountDownLatch drained = new CountDownLatch(0);

        SinkServer() throws IOException {
            daemon("bench-sink-accept", () -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        daemon("bench-sink", () -> drain(s));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        CountDownLatch expect(long bytes) {
            expected = bytes;
            drained = new CountDownLatch(1);
            return drained;
        }

        private void drain(Socket s) {
            try (s) {
                s.setReceiveBufferSize(4 << 20);
                byte[] buf = new byte[1 << 20];
                InputStream in = s.getInputStream();
                long total = 0;
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                    if (total == expected) {
                        drained.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the client went away
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
