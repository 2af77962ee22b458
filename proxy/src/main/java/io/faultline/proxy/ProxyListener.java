package io.faultline.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A proxy while it is enabled: the listening socket, its accept thread and the connections it
 * accepted. Closing it closes all of them; a proxy that is re-enabled gets a new listener.
 */
final class ProxyListener {
    private static final System.Logger LOG = System.getLogger(ProxyListener.class.getName());
    /** Go listens with the system's somaxconn; the kernel caps this anyway. */
    private static final int BACKLOG = 4096;

    private final String proxyName;
    private final String upstream;
    private final ToxicSet toxics;
    private final ProxyServices services;
    private final ServerSocketChannel channel;
    private final String listen;
    /** Guarded by this. */
    private final Set<Connection> connections = new HashSet<>();
    private boolean closed;
    private Thread acceptThread;

    private ProxyListener(String proxyName, String upstream, ToxicSet toxics, ProxyServices services,
                          ServerSocketChannel channel) throws IOException {
        this.proxyName = proxyName;
        this.upstream = upstream;
        this.toxics = toxics;
        this.services = services;
        this.channel = channel;
        this.listen = TcpAddress.boundString((InetSocketAddress) channel.getLocalAddress());
    }

    /** Binds and starts accepting; a bind failure throws and leaves nothing open. */
    static ProxyListener open(String proxyName, TcpAddress address, String upstream, ToxicSet toxics,
                              ProxyServices services) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address.bindAddress(), BACKLOG);
            ProxyListener listener = new ProxyListener(proxyName, upstream, toxics, services, channel);
            listener.acceptThread = services.workers().start("toxiproxy-" + proxyName + "-accept", listener::acceptLoop);
            return listener;
        } catch (IOException | RuntimeException e) {
            Connection.closeQuietly(channel);
            throw e;
        }
    }

    String proxyName() {
        return proxyName;
    }

    /** The bound address as Toxiproxy reports it ("127.0.0.1:40815", "[::]:40815"). */
    String listen() {
        return listen;
    }

    String upstream() {
        return upstream;
    }

    ToxicSet toxics() {
        return toxics;
    }

    ProxyServices services() {
        return services;
    }

    private void acceptLoop() {
        long next = 0;
        while (true) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    return;
                }
                // Typically out of file descriptors: back off instead of spinning.
                LOG.log(System.Logger.Level.WARNING, "proxy {0}: error while accepting a client: {1}", proxyName, e);
                sleepQuietly();
                continue;
            }
            Connection connection = new Connection(this, client, "toxiproxy-" + proxyName + "-" + next++);
            if (!register(connection)) {
                Connection.closeQuietly(client);
                return;
            }
            connection.start();
        }
    }

    private synchronized boolean register(Connection connection) {
        if (closed) {
            return false;
        }
        connections.add(connection);
        return true;
    }

    synchronized void unregister(Connection connection) {
        connections.remove(connection);
    }

    /** Stops listening (new connects are refused) and drops every connection. */
    void close() {
        List<Connection> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(connections);
        }
        Connection.closeQuietly(channel);
        // Connections first: dropping them is what disable and delete promise, and must not wait on
        // the accept thread, which a loaded machine may take a while to schedule.
        open.forEach(Connection::close);
        try {
            acceptThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
