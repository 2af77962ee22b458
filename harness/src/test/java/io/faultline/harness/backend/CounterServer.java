package io.faultline.harness.backend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The test target: {@code CounterServer <bindHost> <port> <dataDir>}. Answers {@code INCR} with a
 * counter kept in {@code <dataDir>/counter} (so it survives a kill), and {@code TICK} with an
 * in-memory count that grows every 10 ms and is also written to {@code <dataDir>/tick}, so that
 * progress can be watched from outside even while the server cannot answer.
 */
public final class CounterServer {

    private static final AtomicLong TICK = new AtomicLong();

    public static void main(String[] args) throws IOException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        Path data = Path.of(args[2]);
        Files.createDirectories(data);
        Path counterFile = data.resolve("counter");
        long[] counter = {Files.exists(counterFile) ? Long.parseLong(Files.readString(counterFile).trim()) : 0};

        Thread ticker = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(10);
                    writeAtomically(data.resolve("tick"), Long.toString(TICK.incrementAndGet()));
                }
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        }, "ticker");
        ticker.setDaemon(true);
        ticker.start();

        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getByName(host))) {
            System.out.println("counter-server listening on " + host + ":" + port + " with counter " + counter[0]);
            while (true) {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket, counter, counterFile), "connection");
                connection.setDaemon(true);
                connection.start();
            }
        }
    }

    private static void serve(Socket socket, long[] counter, Path counterFile) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                switch (line.trim()) {
                    case "INCR" -> {
                        synchronized (counter) {
                            counter[0]++;
                            writeAtomically(counterFile, Long.toString(counter[0]));
                            out.println(counter[0]);
                        }
                    }
                    case "TICK" -> out.println(TICK.get());
                    default -> out.println("ERR unknown request " + line);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, content);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
