package io.faultline.harness.backend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small node for backend tests: {@code TickServer <port> <data dir>}. It ticks in memory every
 * 20 ms and prints every fifth tick ({@code tick N}), keeps a counter in {@code <data dir>/counter},
 * answers one command per TCP line on {@code port} and {@code ping} with {@code pong} on UDP
 * {@code port}. Commands: {@code ticks}, {@code incr}, {@code get}, {@code tcp HOST PORT COMMAND}
 * (asks another TickServer), {@code udp HOST PORT} (pings another over UDP); a failed call
 * answers {@code error ...}.
 */
public final class TickServer {

    private static final AtomicLong TICKS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path counter = Path.of(args[1]).resolve("counter");
        Thread ticker = new Thread(() -> {
            while (true) {
                long tick = TICKS.incrementAndGet();
                if (tick % 5 == 0) {
                    System.out.println("tick " + tick);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ticker.setDaemon(true);
        ticker.start();
        Thread udp = new Thread(() -> udpPong(port));
        udp.setDaemon(true);
        udp.start();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(port));
            System.out.println("tick-server listening on " + port);
            while (true) {
                Socket s = server.accept();
                new Thread(() -> serve(s, counter)).start();
            }
        }
    }

    private static void serve(Socket socket, Path counter) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(answer(line.trim().split(" ", 4), counter));
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String answer(String[] command, Path counter) {
        try {
            switch (command[0]) {
                case "ticks":
                    return String.valueOf(TICKS.get());
                case "get":
                    return String.valueOf(read(counter));
                case "incr":
                    return String.valueOf(increment(counter));
                case "tcp":
                    return tcp(command[1], Integer.parseInt(command[2]), command[3]);
                case "udp":
                    return udp(command[1], Integer.parseInt(command[2]));
                default:
                    return "error unknown command " + command[0];
            }
        } catch (Exception e) {
            return "error " + e;
        }
    }

    private static synchronized long increment(Path counter) throws IOException {
        long value = read(counter) + 1;
        Path tmp = counter.resolveSibling("counter.tmp");
        Files.writeString(tmp, String.valueOf(value));
        Files.move(tmp, counter, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return value;
    }

    private static long read(Path counter) throws IOException {
        return Files.exists(counter) ? Long.parseLong(Files.readString(counter).trim()) : 0;
    }

    private static String tcp(String host, int port, String command) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            s.setSoTimeout(1000);
            PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            out.println(command);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private static String udp(String host, int port) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(1000);
            byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(ping, ping.length, new InetSocketAddress(host, port)));
            DatagramPacket reply = new DatagramPacket(new byte[16], 16);
            s.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return "error no answer over udp";
        }
    }

    private static void udpPong(int port) {
        try (DatagramSocket s = new DatagramSocket(port)) {
            byte[] buffer = new byte[16];
            while (true) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                s.receive(p);
                byte[] pong = "pong".getBytes(StandardCharsets.UTF_8);
                s.send(new DatagramPacket(pong, pong.length, p.getSocketAddress()));
            }
        } catch (IOException e) {
            System.out.println("udp stopped: " + e);
        }
    }
}
