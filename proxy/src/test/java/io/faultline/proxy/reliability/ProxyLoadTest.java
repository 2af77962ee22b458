package io.faultline.proxy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.faultline.proxy.ToxiproxyServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The proxy under load: 1,000 concurrent connections, each sending numbered messages and checking
 * the echo, while latency, bandwidth and slicer toxics are added, changed and removed under them,
 * for {@code faultline.reliability.seconds} (the long profile: 600). Every message must come back
 * intact (0 errors), and the JVM's threads and heap must stop growing once every connection is up.
 */
@Tag("reliability")
class ProxyLoadTest {
    private static final int CONNECTIONS = Integer.getInteger("faultline.reliability.connections", 1000);
    private static final int MESSAGE = 64;
    /** The API's handler pool (8), the echo and accept threads, the JVM's own that come and go. */
    private static final int SPARE_THREADS = 20;

    @Test
    void aThousandConnectionsWithToxicsChangedUnderThemSeeNoErrors() throws Exception {
        long seed = Long.getLong("faultline.seed", System.nanoTime());
        System.out.println("ProxyLoadTest seed " + seed);
        Duration budget = Duration.ofSeconds(Figures.budgetSeconds());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicLong messages = new AtomicLong();
        int threadsBefore = threads.getThreadCount();
        try (SelectorEcho echo = new SelectorEcho(); ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
            ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
            Proxy proxy = client.createProxy("load", "127.0.0.1:0", echo.address());
            String[] listen = proxy.getListen().split(":");
            InetSocketAddress target = new InetSocketAddress(listen[0], Integer.parseInt(listen[1]));
            long deadline = System.nanoTime() + budget.toNanos();
            CountDownLatch connected = new CountDownLatch(CONNECTIONS);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int id = c;
                Thread t = new Thread(null, () -> converse(id, target, deadline, connected, messages, errors),
                        "load-client-" + c, 256 * 1024);
                t.setDaemon(true);
                t.start();
                clients.add(t);
            }
            connected.await();
            System.gc();
            int threadsUp = threads.getThreadCount();
            long heapUp = memory.getHeapMemoryUsage().getUsed();
            int maxThreads = threadsUp;
            long maxHeap = heapUp;
            int changes = 0;
            Random random = new Random(seed);
            while (System.nanoTime() < deadline && errors.size() < 20) {
                changeToxics(proxy, random);
                changes++;
                Thread.sleep(200);
                maxThreads = Math.max(maxThreads, threads.getThreadCount());
                maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
            }
            for (Thread t : clients) {
                t.join(30_000);
            }
            proxy.toxics().getAll().forEach(toxic -> {
                try {
                    toxic.remove();
                } catch (IOException e) {
                    errors.add("removing toxic " + toxic.getName() + ": " + e);
                }
            });
            // every client has closed its connection: the proxy's threads for them must end
            long settle = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (threads.getThreadCount() > threadsBefore + SPARE_THREADS && System.nanoTime() < settle) {
                Thread.sleep(200);
            }
            int threadsAfter = threads.getThreadCount();
            System.gc();
            long heapEnd = memory.getHeapMemoryUsage().getUsed();
            new Figures("proxy-load").put("connections", CONNECTIONS).put("seconds", budget.toSeconds())
                    .put("messages", messages.get()).put("toxicChanges", changes).put("crashes", errors.size())
                    .put("threadsOnceConnected", threadsUp).put("maxThreads", maxThreads)
                    .put("heapOnceConnectedMiB", heapUp >> 20).put("maxHeapMiB", maxHeap >> 20)
                    .put("heapAfterMiB", heapEnd >> 20).put("threadsBefore", threadsBefore)
                    .put("threadsAfter", threadsAfter).put("seed", seed).write();
            assertThat(errors).as("seed %d", seed).isEmpty();
            assertThat(messages.get()).as("messages echoed").isGreaterThan(CONNECTIONS);
            // a connection has at most a reader and a writer per direction (writers while toxics are
            // in place), and each client its thread: more would mean threads grow with toxic changes
            assertThat(maxThreads).as("threads while toxics changed")
                    .isLessThanOrEqualTo(threadsBefore + CONNECTIONS + 4 * CONNECTIONS + SPARE_THREADS);
            assertThat(threadsAfter).as("threads once every connection closed").isLessThanOrEqualTo(threadsBefore + SPARE_THREADS);
            assertThat(heapEnd).as("heap after the load, after a GC").isLessThan(heapUp + (64L << 20));
        }
    }

    private static void changeToxics(Proxy proxy, Random random) throws IOException {
        ToxicDirection direction = random.nextBoolean() ? ToxicDirection.UPSTREAM : ToxicDirection.DOWNSTREAM;
        String name = "t" + random.nextInt(4);
        var existing = proxy.toxics().getAll().stream().filter(t -> t.getName().equals(name)).findFirst();
        if (existing.isPresent()) {
            existing.get().remove();
            return;
        }
        switch (random.nextInt(3)) {
            case 0 -> proxy.toxics().latency(name, direction, random.nextInt(50)).setJitter(random.nextInt(20));
            case 1 -> proxy.toxics().bandwidth(name, direction, 2_000 + random.nextInt(100_000));
            default -> proxy.toxics().slicer(name, direction, 1 + random.nextInt(16), random.nextInt(1000));
        }
    }

    /** One connection: numbered messages, each read back whole and compared, until the deadline. */
    private static void converse(int id, InetSocketAddress target, long deadline, CountDownLatch connected,
            AtomicLong messages, List<String> errors) {
        boolean counted = false;
        try (Socket socket = new Socket()) {
            socket.connect(target, 30_000);
            socket.setSoTimeout(60_000);
            connected.countDown();
            counted = true;
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] sent = new byte[MESSAGE];
            byte[] received = new byte[MESSAGE];
            for (long n = 0; System.nanoTime() < deadline; n++) {
                Arrays.fill(sent, (byte) (id + n));
                ByteBuffer.wrap(sent).putInt(id).putLong(n);
                out.write(sent);
                in.readFully(received);
                if (!Arrays.equals(sent, received)) {
                    errors.add("connection " + id + ", message " + n + ": the echo differs");
                    return;
                }
                messages.incrementAndGet();
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            errors.add("connection " + id + ": " + e);
        } finally {
            if (!counted) {
                connected.countDown();
            }
        }
    }

    /** An echo server on loopback with one thread, so that the threads counted are the proxy's and the clients'. */
    static final class SelectorEcho implements AutoCloseable {
        private final Selector selector = Selector.open();
        private final ServerSocketChannel server = ServerSocketChannel.open();
        private final Thread loop;

        SelectorEcho() throws IOException {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2000);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            loop = new Thread(this::run, "load-echo");
            loop.setDaemon(true);
            loop.start();
        }

        String address() throws IOException {
            return "127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
        }

        private void run() {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    selector.select();
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (key.isAcceptable()) {
                            SocketChannel channel = server.accept();
                            if (channel != null) {
                                channel.configureBlocking(false);
                                channel.register(selector, SelectionKey.OP_READ);
                            }
                        } else if (key.isReadable()) {
                            SocketChannel channel = (SocketChannel) key.channel();
                            buffer.clear();
                            int n;
                            try {
                                n = channel.read(buffer);
                            } catch (IOException e) {
                                n = -1;
                            }
                            if (n < 0) {
                                key.cancel();
                                channel.close();
                                continue;
                            }
                            buffer.flip();
                            // small messages on loopback: the socket's send buffer takes them whole
                            while (buffer.hasRemaining()) {
                                channel.write(buffer);
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            loop.interrupt();
            selector.close();
            server.close();
        }
    }
}
