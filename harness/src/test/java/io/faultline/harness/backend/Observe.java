package io.faultline.harness.backend;

import io.faultline.harness.backend.cleanup.RunMarker;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** What the tests see of nodes from outside the harness: their sockets, files and processes. */
public final class Observe {

    private Observe() {
    }

    /** Sends one request line to {@code host:port} and returns the answer line. */
    public static String ask(String address, String request) throws IOException {
        try (Socket socket = connect(address, 2000)) {
            socket.setSoTimeout(5000);
            return send(socket, request);
        }
    }

    public static Socket connect(String address, int timeoutMillis) throws IOException {
        String[] hostPort = address.split(":");
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), timeoutMillis);
        return socket;
    }

    public static String send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write((request + "\n").getBytes(StandardCharsets.UTF_8));
        return readLine(socket);
    }

    /** One answer line, read byte by byte so that a timed-out read leaves nothing buffered away. */
    public static String readLine(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = socket.getInputStream().read(); b >= 0 && b != '\n'; b = socket.getInputStream().read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    /** A health check: the address accepts connections. */
    public static Callable<Boolean> listening(String address) {
        return () -> {
            try (Socket ignored = connect(address, 500)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** Connecting is refused outright: nothing listens there. */
    public static boolean refuses(String address) {
        try (Socket ignored = connect(address, 2000)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static long tick(Path dataDir) throws IOException {
        return Long.parseLong(Files.readString(dataDir.resolve("tick")).trim());
    }

    /** A port free on every one of {@code hosts}. */
    public static int freePort(String... hosts) throws IOException {
        while (true) {
            int port;
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName(hosts[0]))) {
                port = first.getLocalPort();
            }
            if (freeOnAll(port, hosts)) {
                return port;
            }
        }
    }

    private static boolean freeOnAll(int port, String... hosts) {
        for (String host : hosts) {
            try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getByName(host))) {
                // free
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Running (not zombie) processes whose run marker starts with {@code runPrefix}, in command line or environment. */
    public static List<Long> processesOfRuns(String runPrefix) {
        return ProcFs.pids().stream()
                .filter(pid -> pid != ProcessHandle.current().pid())
                .filter(pid -> RunMarker.on(pid).map(found -> found.run().startsWith(runPrefix)).orElse(false))
                .filter(pid -> !ProcFs.isGone(pid))
                .toList();
    }

    public static boolean isGone(long pid) {
        return ProcFs.isGone(pid);
    }
}
