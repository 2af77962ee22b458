package io.faultline.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * One accepted client and its upstream: dials the upstream (a failed dial closes the client right
 * after the accept, as Toxiproxy does), then runs the two links, one thread each. The thread that
 * dialled goes on to read the client.
 */
final class Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final ProxyListener listener;
    private final SocketChannel client;
    private final String name;
    /** Guarded by this. */
    private SocketChannel server;
    private Link upstream;
    private Link downstream;
    private boolean closed;
    private int finishedLinks;

    Connection(ProxyListener listener, SocketChannel client, String name) {
        this.listener = listener;
        this.client = client;
        this.name = name;
    }

    void start() {
        startThread(name + "-upstream", this::run);
    }

    void startThread(String threadName, Runnable body) {
        listener.services().workers().start(threadName, body);
    }

    private void run() {
        SocketChannel dialled = dial();
        Link up;
        Link down;
        synchronized (this) {
            if (dialled == null || closed) {
                closeQuietly(dialled);
                closeQuietly(client);
                closed = true;
                listener.unregister(this);
                return;
            }
            server = dialled;
            Link[] pair = listener.toxics().attach(this);
            up = pair[0];
            down = pair[1];
        }
        startThread(name + "-downstream", () -> {
            down.startWriterIfNeeded();
            down.runReader();
        });
        up.startWriterIfNeeded();
        up.runReader();
    }

    private SocketChannel dial() {
        String upstreamAddress = listener.upstream();
        try {
            String[] hostPort = TcpAddress.splitHostPort(upstreamAddress);
            int port = TcpAddress.port(hostPort[1]);
            IOException last = null;
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            for (InetAddress address : TcpAddress.lookupAll(hostPort[0])) {
                SocketChannel channel = null;
                try {
                    channel = SocketChannel.open(new InetSocketAddress(address, port));
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    return channel;
                } catch (IOException e) {
                    // An upstream socket opened but not handed on would stay open: the upstream would
                    // never see the end of a connection the proxy has already dropped.
                    closeQuietly(channel);
                    last = e;
                }
            }
            LOG.log(System.Logger.Level.INFO, "proxy {0}: unable to open connection to upstream {1}: {2}",
                    listener.proxyName(), upstreamAddress, last);
        } catch (TcpAddress.AddressException | UnknownHostException e) {
            LOG.log(System.Logger.Level.INFO, "proxy {0}: unable to open connection to upstream {1}: {2}",
                    listener.proxyName(), upstreamAddress, e.getMessage());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, "proxy {0}: cannot configure client socket: {1}", listener.proxyName(), e);
        }
        return null;
    }

    /** Called by {@link ToxicSet#attach} with the toxics present when the connection opens. */
    Link[] createLinks(List<Toxic> upstreamToxics, List<Toxic> downstreamToxics, boolean lingerZero) {
        if (lingerZero) {
            setLingerZero();
        }
        long now = System.nanoTime();
        upstream = new Link(this, Direction.UPSTREAM, client, server,
                new ToxicChain(upstreamToxics, listener.services().random(), now), name + "-upstream");
        downstream = new Link(this, Direction.DOWNSTREAM, server, client,
                new ToxicChain(downstreamToxics, listener.services().random(), now), name + "-downstream");
        return new Link[] {upstream, downstream};
    }

    /** Drops the connection: both sides see EOF (or RST if the sockets linger 0). */
    synchronized void close() {
        if (closed && upstream == null) {
            return;
        }
        closed = true;
        closeQuietly(client);
        closeQuietly(server);
        if (upstream != null) {
            Link up = upstream;
            Link down = downstream;
            upstream = null;
            downstream = null;
            up.terminate();
            down.terminate();
        }
    }

    /** Resets the connection: both sides see RST. */
    synchronized void abort() {
        setLingerZero();
        close();
    }

    /** One link closed its destination, which is the other link's source. */
    void outputEnded(Link link) {
        Link other;
        synchronized (this) {
            other = link == upstream ? downstream : link == downstream ? upstream : null;
        }
        if (other != null) {
            other.sourceClosed();
        }
    }

    void linkFinished(Link link) {
        boolean both;
        synchronized (this) {
            both = ++finishedLinks == 2;
        }
        listener.toxics().detach(link);
        listener.services().metrics().linkFinished(link.direction(), listener.proxyName(), listener.listen(),
                listener.upstream(), link.received(), link.sent());
        if (both) {
            close();
            listener.unregister(this);
        }
    }

    private void setLingerZero() {
        for (SocketChannel channel : new SocketChannel[] {client, server}) {
            try {
                if (channel != null && channel.isOpen()) {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
            } catch (IOException e) {
                // Already closed: nothing left to reset.
            }
        }
    }

    /**
     * Closes a connection's socket so that its peer reads EOF: the FIN goes out first, because a
     * close with unread data would otherwise send only an RST. Sockets set to linger 0 (reset_peer)
     * are closed straight away: their RST is the point.
     */
    static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            if (channel.isConnected() && channel.getOption(StandardSocketOptions.SO_LINGER) != 0) {
                channel.shutdownOutput();
            }
        } catch (IOException e) {
            // Already shut down, reset or closed: the close below is all that is left to do.
        }
        closeQuietly((Channel) channel);
    }

    static void closeQuietly(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is best effort; the socket is gone either way.
        }
    }
}
