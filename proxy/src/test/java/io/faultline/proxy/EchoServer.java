package io.faultline.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback TCP server for tests: echoes what it reads, or just keeps what it receives. */
final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final boolean echo;
    final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private EchoServer(boolean echo) throws IOException {
        this.echo = echo;
        server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "test-echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static EchoServer echoing() throws IOException {
        return new EchoServer(true);
    }

    /** Accepts and reads nothing: tests read the accepted sockets themselves. */
    static EchoServer silent() throws IOException {
        return new EchoServer(false);
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (true) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                accepted.add(socket);
                if (echo) {
                    Thread t = new Thread(() -> pump(socket), "test-echo");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket socket) {
        byte[] buffer = new byte[65536];
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // peer went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
