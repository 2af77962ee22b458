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

/**
 * A node that asks its peers, for kernel-partition tests: {@code PeerServer <port>}. On UDP
 * {@code port} it answers {@code PING} with {@code PONG}; on TCP {@code port}, one command per line:
 * {@code PING} (answers {@code PONG}), {@code TCP HOST PORT} (sends {@code PING} to another over
 * TCP) and {@code UDP HOST PORT} (over UDP), answering the peer's reply or {@code ERR ...} when none
 * came within a second.
 */
public final class PeerServer {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Thread udp = new Thread(() -> answerUdp(port), "udp");
        udp.setDaemon(true);
        udp.start();
        try (ServerSocket server = new ServerSocket(port)) {
            System.out.println("peer-server listening on " + port);
            while (true) {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "connection");
                connection.setDaemon(true);
                connection.start();
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] command = line.trim().split(" ");
                try {
                    switch (command[0]) {
                        case "PING" -> out.println("PONG");
                        case "TCP" -> out.println(askTcp(command[1], Integer.parseInt(command[2])));
                        case "UDP" -> out.println(askUdp(command[1], Integer.parseInt(command[2])));
                        default -> out.println("ERR unknown request " + line);
                    }
                } catch (IOException e) {
                    out.println("ERR " + e);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String askTcp(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            s.setSoTimeout(1000);
            new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println("PING");
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private static String askUdp(String host, int port) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(1000);
            byte[] ping = "PING".getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(ping, ping.length, new InetSocketAddress(host, port)));
            DatagramPacket reply = new DatagramPacket(new byte[16], 16);
            s.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return "ERR no answer over UDP";
        }
    }

    private static void answerUdp(int port) {
        try (DatagramSocket s = new DatagramSocket(port)) {
            byte[] buffer = new byte[16];
            byte[] pong = "PONG".getBytes(StandardCharsets.UTF_8);
            while (true) {
                DatagramPacket ping = new DatagramPacket(buffer, buffer.length);
                s.receive(ping);
                s.send(new DatagramPacket(pong, pong.length, ping.getSocketAddress()));
            }
        } catch (IOException e) {
            System.out.println("udp stopped: " + e);
        }
    }
}
