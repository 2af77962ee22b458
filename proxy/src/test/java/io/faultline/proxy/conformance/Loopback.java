package io.faultline.proxy.conformance;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * The loopback TCP fixtures every conformance test shares: an echo server, an upstream whose
 * connections the test drives by hand, clients, a background reader that timestamps what arrives,
 * and a way to see how a connection ended (EOF, reset, or still open). Everything binds
 * 127.0.0.1, sets TCP_NODELAY so Nagle never blurs a timing, and is closed by {@link #close()}.
 */
final class Loopback implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    /** How long a read may block before a test calls the connection stuck. */
    static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService WRITERS = daemonThreads("loopback-writer");

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    EchoServer echoServer() throws IOException {
        return track(new EchoServer(false));
    }

    /**
     * An echo server that answers only once the client has half-closed: it reads to end of stream,
     * then writes everything back. Whether a half-close is propagated then decides the answer, with
     * no race between the client's write and its shutdown.
     */
    EchoServer echoAtEndServer() throws IOException {
        return track(new EchoServer(true));
    }

    Upstream upstream() throws IOException {
        return track(new Upstream());
    }

    /** A client connection to 127.0.0.1:{@code port}, with reads bounded by {@link #IO_TIMEOUT}. */
    Socket connect(int port) throws IOException {
        Socket s = track(new Socket());
        s.connect(new InetSocketAddress(HOST, port), (int) IO_TIMEOUT.toMillis());
        configure(s);
        return s;
    }

    /** A port that something else holds open, for bind conflicts. */
    ServerSocket occupyPort() throws IOException {
        return track(new ServerSocket(0, 50, InetAddress.getByName(HOST)));
    }

    /** A port nothing listens on (it was free a moment ago): connecting to it is refused. */
    static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    Recorder record(Socket s) {
        return track(new Recorder(s, true));
    }

    /** Like {@link #record} but keeps only a count and a CRC-32 of the bytes, for transfers of many megabytes. */
    Recorder drain(Socket s) {
        return track(new Recorder(s, false));
    }

    static String address(int port) {
        return HOST + ":" + port;
    }

    /** The port of a {@code host:port} or {@code [v6]:port} address. */
    static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    static boolean isListening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    static byte[] readExactly(Socket s, int n) throws IOException {
        byte[] buf = s.getInputStream().readNBytes(n);
        if (buf.length < n) {
            throw new EOFException("expected " + n + " bytes, got " + buf.length + " and then EOF");
        }
        return buf;
    }

    /** Writes {@code message}, reads the same number of bytes back, checks them, and returns the elapsed nanos. */
    static long roundTrip(Socket s, byte[] message) throws IOException {
        long start = System.nanoTime();
        s.getOutputStream().write(message);
        byte[] reply = readExactly(s, message.length);
        long elapsed = System.nanoTime() - start;
        if (!Arrays.equals(reply, message)) {
            throw new IOException("echo came back different: sent " + Arrays.toString(message)
                    + ", got " + Arrays.toString(reply));
        }
        return elapsed;
    }

    /** Writes {@code data} on another thread: a toxic may hold a writer for seconds. */
    static CompletableFuture<Void> writeInBackground(Socket s, byte[] data) {
        return CompletableFuture.runAsync(() -> {
            try {
                s.getOutputStream().write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, WRITERS);
    }

    /** Streams {@code total} bytes of {@link #pattern} on another thread; completes with their CRC-32. */
    static CompletableFuture<Long> streamInBackground(Socket s, long total) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] block = pattern(64 * 1024);
            CRC32 crc = new CRC32();
            try {
                OutputStream out = s.getOutputStream();
                for (long left = total; left > 0; ) {
                    int n = (int) Math.min(block.length, left);
                    out.write(block, 0, n);
                    crc.update(block, 0, n);
                    left -= n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return crc.getValue();
        }, WRITERS);
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return b;
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /**
     * Reads until the connection ends or {@code within} passes. Bytes that arrive on the way are
     * kept in the result, so a test can tell "closed with nothing delivered" from "delivered, then closed".
     */
    static Ending awaitEnd(Socket s, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int savedTimeout = s.getSoTimeout();
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return new Ending(How.STILL_OPEN, data.toByteArray(), System.nanoTime());
                }
                s.setSoTimeout((int) left);
                int n;
                try {
                    n = s.getInputStream().read(buf);
                } catch (SocketTimeoutException quiet) {
                    return new Ending(How.STILL_OPEN, data.toByteArray(), System.nanoTime());
                } catch (SocketException e) {
                    if (isReset(e)) {
                        return new Ending(How.RESET, data.toByteArray(), System.nanoTime());
                    }
                    throw e;
                }
                if (n < 0) {
                    return new Ending(How.EOF, data.toByteArray(), System.nanoTime());
                }
                data.write(buf, 0, n);
            }
        } finally {
            if (!s.isClosed()) {
                s.setSoTimeout(savedTimeout);
            }
        }
    }

    static boolean isReset(IOException e) {
        return e instanceof SocketException && e.getMessage() != null && e.getMessage().contains("reset");
    }

    enum How { EOF, RESET, STILL_OPEN }

    /** How and when a connection ended, and any bytes read before that. */
    record Ending(How how, byte[] data, long atNanos) {
        @Override
        public String toString() {
            return how + " after " + data.length + " bytes";
        }
    }

    private static void configure(Socket s) throws SocketException {
        s.setTcpNoDelay(true);
        s.setSoTimeout((int) IO_TIMEOUT.toMillis());
    }

    private static ExecutorService daemonThreads(String name) {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing fixtures after a test: nothing useful to do with a failure here
            }
        }
        open.clear();
    }

    /** Echoes every byte back on the same connection; closes a connection when its client's side ends. */
    static final class EchoServer implements AutoCloseable {
        private final ServerSocket server;
        private final ExecutorService threads = daemonThreads("loopback-echo");
        private final List<Socket> connections = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();
        private final boolean atEnd;

        private EchoServer(boolean atEnd) throws IOException {
            this.atEnd = atEnd;
            // a deep backlog: the many-connections test opens 1,000 connections at once
            server = new ServerSocket(0, 2048, InetAddress.getByName(HOST));
            threads.execute(this::acceptLoop);
        }

        String address() {
            return Loopback.address(port());
        }

        int port() {
            return server.getLocalPort();
        }

        int acceptedConnections() {
            return accepted.get();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    connections.add(s);
                    accepted.incrementAndGet();
                    threads.execute(() -> {
                        if (atEnd) {
                            echoAtEnd(s);
                        } else {
                            echo(s);
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void echo(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    s.getOutputStream().write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // the proxy dropped the connection: that is what many tests provoke
            }
        }

        private static void echoAtEnd(Socket s) {
            try (s) {
                byte[] all = s.getInputStream().readAllBytes();
                s.getOutputStream().write(all);
            } catch (IOException ignored) {
                // the proxy closed the connection instead of half-closing it: the case under test
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : connections) {
                s.close();
            }
            threads.shutdownNow();
        }
    }

    /** An upstream that only accepts: the test takes each accepted connection and drives it by hand. */
    static final class Upstream implements AutoCloseable {
        private final ServerSocket server;
        private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        private final List<Socket> all = new CopyOnWriteArrayList<>();
        private final ExecutorService threads = daemonThreads("loopback-upstream");

        private Upstream() throws IOException {
            server = new ServerSocket(0, 2048, InetAddress.getByName(HOST));
            threads.execute(this::acceptLoop);
        }

        String address() {
            return Loopback.address(port());
        }

        int port() {
            return server.getLocalPort();
        }

        /** The next connection the proxy opened to this upstream; fails the test if none comes. */
        Socket accept() throws InterruptedException {
            Socket s = poll(IO_TIMEOUT);
            if (s == null) {
                throw new AssertionError("no connection reached the upstream at " + address() + " within " + IO_TIMEOUT);
            }
            return s;
        }

        /** The next connection within {@code within}, or null. */
        Socket poll(Duration within) throws InterruptedException {
            return accepted.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    configure(s);
                    all.add(s);
                    accepted.add(s);
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : all) {
                s.close();
            }
            threads.shutdownNow();
        }
    }

    /** One read as it happened: when, and how many bytes. */
    record Read(long atNanos, int length) {
    }

    /**
     * Reads a socket on its own thread until it ends, keeping the time of every read, a CRC-32 of
     * the bytes, and (unless draining) the bytes themselves.
     */
    static final class Recorder implements AutoCloseable {
        private final Socket socket;
        private final boolean keep;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private final CRC32 crc = new CRC32();
        private long count;
        private final List<Read> reads = new ArrayList<>();
        private Ending ending;
        private final Thread thread;

        private Recorder(Socket socket, boolean keep) {
            this.socket = socket;
            this.keep = keep;
            this.thread = new Thread(this::run, "loopback-recorder-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            byte[] buf = new byte[256 * 1024];
            How how;
            try {
                socket.setSoTimeout(0);
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    long now = System.nanoTime();
                    synchronized (this) {
                        if (keep) {
                            data.write(buf, 0, n);
                        }
                        crc.update(buf, 0, n);
                        count += n;
                        reads.add(new Read(now, n));
                        notifyAll();
                    }
                }
                how = How.EOF;
            } catch (IOException e) {
                how = isReset(e) ? How.RESET : How.EOF;
            }
            long now = System.nanoTime();
            synchronized (this) {
                ending = new Ending(how, data.toByteArray(), now);
                notifyAll();
            }
        }

        /** Waits until at least {@code n} bytes arrived; returns all bytes kept so far. */
        synchronized byte[] awaitBytes(long n, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (count < n && ending == null) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
            if (count < n) {
                throw new AssertionError("waited " + within + " for " + n + " bytes; got " + count
                        + (ending == null ? " and the connection is still open" : " and then " + ending.how()));
            }
            return data.toByteArray();
        }

        /** Waits for the connection to end; returns null if it is still open after {@code within}. */
        synchronized Ending awaitEnd(Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (ending == null) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                wait(left);
            }
            return ending;
        }

        synchronized byte[] bytes() {
            return data.toByteArray();
        }

        synchronized long count() {
            return count;
        }

        synchronized long checksum() {
            return crc.getValue();
        }

        synchronized List<Read> reads() {
            return List.copyOf(reads);
        }

        /** When the byte at {@code index} (0-based) arrived; the byte must already have arrived. */
        synchronized long arrivalOf(long index) {
            long seen = 0;
            for (Read r : reads) {
                seen += r.length();
                if (seen > index) {
                    return r.atNanos();
                }
            }
            throw new IllegalStateException("byte " + index + " has not arrived; " + seen + " bytes so far");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
