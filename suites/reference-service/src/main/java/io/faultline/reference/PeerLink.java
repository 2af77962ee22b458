package io.faultline.reference;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The one outbound connection from this node to one peer, through the address it was given for that
 * peer (in a Faultline run, the proxy of this link), and the queue of lines waiting to go out.
 *
 * <p>A thread of its own writes, so that a link that silently stalls (a partition, a paused peer)
 * blocks this thread alone and never the detector or the replica. Sending never waits: when the
 * queue is full, or the link is down, the message is dropped, as a network would drop it; the
 * protocols above resend what matters.
 */
final class PeerLink {
    private static final int QUEUE_CAPACITY = 1024;
    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final long RECONNECT_DELAY_MS = 100;

    private final String selfId;
    private final InetSocketAddress address;
    private final String localHost;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile Socket socket;

    /**
     * @param localHost the address this node listens on, which the link dials from: a kernel cut
     *     between two nodes on loopback matches their own addresses, and a socket left to the kernel's
     *     choice would dial from 127.0.0.1 and pass under it
     */
    PeerLink(String selfId, String peerId, InetSocketAddress address, String localHost) {
        this.selfId = selfId;
        this.address = address;
        this.localHost = localHost;
        this.thread = new Thread(this::run, "link-" + peerId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a line for the peer; drops it while the link is down or backed up. */
    void send(String line) {
        if (connected) {
            queue.offer(line);
        }
    }

    void close() {
        closed = true;
        thread.interrupt();
        closeSocket();
    }

    private void run() {
        while (!closed) {
            try (Socket s = new Socket()) {
                socket = s;
                s.bind(new InetSocketAddress(localHost, 0));
                // Resolved at each attempt: see Config.address.
                s.connect(new InetSocketAddress(address.getHostString(), address.getPort()), CONNECT_TIMEOUT_MS);
                s.setTcpNoDelay(true);
                Writer out = new BufferedWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8));
                out.write("HELLO " + selfId + "\n");
                out.flush();
                connected = true;
                while (!closed) {
                    out.write(queue.take());
                    out.write('\n');
                    for (String more = queue.poll(); more != null; more = queue.poll()) {
                        out.write(more);
                        out.write('\n');
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // The peer is down, or the link was cut: drop what waited and try again shortly.
            } catch (InterruptedException e) {
                return;
            } finally {
                connected = false;
                queue.clear();
            }
            sleepBeforeReconnect();
        }
    }

    private void sleepBeforeReconnect() {
        try {
            Thread.sleep(RECONNECT_DELAY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
