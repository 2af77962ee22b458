package io.faultline.reference;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Node-to-node messaging over TCP only: one {@link PeerLink} out to each peer, and a listener on
 * {@code peer.bind} for the links the peers open to this node. Incoming connections are only read:
 * every answer goes back over this node's own outbound link (see {@link Message}).
 */
final class Transport implements Closeable {
    private final String selfId;
    private final InetSocketAddress bind;
    private Consumer<Message> receiver;
    private final Map<String, PeerLink> links = new LinkedHashMap<>();
    /** The newest inbound connection from each peer; an older one is closed, so readers do not pile up across reconnections. */
    private final Map<String, Socket> inbound = new ConcurrentHashMap<>();
    private ServerSocket server;
    private volatile boolean closed;

    Transport(String selfId, InetSocketAddress bind, Map<String, InetSocketAddress> peers) {
        this.selfId = selfId;
        this.bind = bind;
        peers.forEach((id, address) -> links.put(id, new PeerLink(selfId, id, address, bind.getHostString())));
    }

    /** Listens, connects out, and from now on hands every message that arrives to {@code receiver}, on a reader thread. */
    void start(Consumer<Message> receiver) throws IOException {
        this.receiver = receiver;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(bind.getHostString(), bind.getPort()));
        Thread acceptor = new Thread(this::accept, "peer-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        links.values().forEach(PeerLink::start);
    }

    void send(String peer, Message message) {
        links.get(peer).send(message.encode());
    }

    @Override
    public void close() {
        closed = true;
        links.values().forEach(PeerLink::close);
        closeQuietly(server);
        inbound.values().forEach(Transport::closeQuietly);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                Thread reader = new Thread(() -> read(s), "peer-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println(selfId + ": accepting peer connections failed: " + e);
                }
            }
        }
    }

    private void read(Socket s) {
        String peer = null;
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            String hello = in.readLine();
            if (hello == null || !hello.startsWith("HELLO ")) {
                return;
            }
            peer = hello.substring("HELLO ".length());
            Socket previous = inbound.put(peer, s);
            if (previous != null) {
                closeQuietly(previous);
            }
            for (String line = in.readLine(); line != null && !closed; line = in.readLine()) {
                receiver.accept(Message.decode(line));
            }
        } catch (IOException e) {
            // The peer went away or the link was cut; it will connect again.
        } catch (IllegalArgumentException e) {
            System.err.println(selfId + ": dropping the connection from " + peer + ": " + e.getMessage());
        } finally {
            if (peer != null) {
                inbound.remove(peer, s);
            }
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
