package io.faultline.harness.backend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node that talks to its peers, for kernel-partition tests: {@code PeerServer <port> [bind host
 * [dial host]]}. It binds its TCP and UDP port on the bind host (every address when none is given),
 * and every socket it dials from on the dial host (the bind host when none is given): a dial host
 * of 127.0.0.1 plays a target such as etcd, which dials its peers from there. On UDP {@code port} it answers {@code PING}
 * with {@code PONG} and keeps any other datagram. On TCP {@code port}, one command per line:
 * <ul>
 *   <li>{@code PING}: answers {@code PONG};
 *   <li>{@code TCP HOST PORT} / {@code UDP HOST PORT}: sends {@code PING} to a peer over a new
 *       connection / a datagram, and answers the peer's reply or {@code ERR ...} when none came
 *       within a second;
 *   <li>{@code OPEN HOST PORT NAME}: opens a connection to a peer and holds it, and the peer holds
 *       it as the connection with NAME; {@code SEND PEER TEXT} writes a line on the connection
 *       held with PEER (the HOST it dialled, or the NAME it was dialled as),
 *       {@code HELD HOST} answers {@code OPEN} or {@code CLOSED <why>} for it, and {@code LINES}
 *       answers every line received on held connections, space-separated;
 *   <li>{@code DATAGRAM HOST PORT TEXT}: sends TEXT to a peer's UDP port, expecting nothing;
 *       {@code DATAGRAMS} answers every text datagram received, space-separated.
 * </ul>
 * HOST is how the node names a peer: an address, or a name its resolver knows.
 */
public final class PeerServer {
    private static final String HOLD = "HOLD";

    private final String bindHost;
    private final String dialHost;
    private final int port;
    /** Held connections by peer: the dialler's key is the HOST it dialled, the acceptor's the NAME it was given. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> datagrams = new CopyOnWriteArrayList<>();

    private PeerServer(String bindHost, String dialHost, int port) {
        this.bindHost = bindHost;
        this.dialHost = dialHost;
        this.port = port;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String bindHost = args.length > 1 ? args[1] : "0.0.0.0";
        new PeerServer(bindHost, args.length > 2 ? args[2] : bindHost, port).serve();
    }

    private void serve() throws IOException {
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(bindHost), port));
        Thread udpThread = new Thread(() -> answerUdp(udp), "udp");
        udpThread.setDaemon(true);
        udpThread.start();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName(bindHost), port));
            System.out.println("peer-server listening on " + bindHost + ":" + port);
            while (true) {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "connection");
                connection.setDaemon(true);
                connection.start();
            }
        }
    }

    private void serve(Socket socket) {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(HOLD + " ")) {
                    // a peer's held connection: from now on its lines are data, read until it ends
                    Held h = new Held(socket, out);
                    held.put(line.substring(HOLD.length() + 1), h);
                    h.read(in);
                    return;
                }
                out.println(answer(line));
            }
            socket.close();
        } catch (IOException e) {
            // the client went away
        }
    }

    private String answer(String line) {
        String[] command = line.trim().split(" ", 4);
        try {
            return switch (command[0]) {
                case "PING" -> "PONG";
                case "TCP" -> askTcp(command[1], Integer.parseInt(command[2]));
                case "UDP" -> askUdp(command[1], Integer.parseInt(command[2]));
                case "OPEN" -> open(command[1], Integer.parseInt(command[2]), command[3]);
                case "SEND" -> send(command[1], line.trim().split(" ", 3)[2]);
                case "HELD" -> held.containsKey(command[1]) ? held.get(command[1]).state() : "ERR no connection held with " + command[1];
                case "LINES" -> String.join(" ", lines);
                case "DATAGRAM" -> datagram(command[1], Integer.parseInt(command[2]), command[3]);
                case "DATAGRAMS" -> String.join(" ", datagrams);
                default -> "ERR unknown request " + line;
            };
        } catch (IOException e) {
            return "ERR " + e;
        }
    }

    private Socket dial(String host, int peerPort) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(dialHost), 0));
        s.connect(new InetSocketAddress(host, peerPort), 1000);
        return s;
    }

    private String open(String host, int peerPort, String name) throws IOException {
        Socket s = dial(host, peerPort);
        PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
        out.println(HOLD + " " + name);
        Held h = new Held(s, out);
        held.put(host, h);
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> h.read(in), "held-" + host);
        reader.setDaemon(true);
        reader.start();
        return "OK";
    }

    private String send(String host, String text) {
        Held h = held.get(host);
        if (h == null) {
            return "ERR no connection held with " + host;
        }
        h.out.println(text);
        return h.out.checkError() ? "ERR writing to " + host + " failed" : "OK";
    }

    private String datagram(String host, int peerPort, String text) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(dialHost), 0))) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(host, peerPort)));
            return "OK";
        }
    }

    private String askTcp(String host, int peerPort) throws IOException {
        try (Socket s = dial(host, peerPort)) {
            s.setSoTimeout(1000);
            new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println("PING");
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private String askUdp(String host, int peerPort) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(dialHost), 0))) {
            s.setSoTimeout(1000);
            byte[] ping = "PING".getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(ping, ping.length, new InetSocketAddress(host, peerPort)));
            DatagramPacket reply = new DatagramPacket(new byte[16], 16);
            s.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return "ERR no answer over UDP";
        }
    }

    private void answerUdp(DatagramSocket s) {
        try (s) {
            byte[] buffer = new byte[256];
            byte[] pong = "PONG".getBytes(StandardCharsets.UTF_8);
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                s.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                if (text.equals("PING")) {
                    s.send(new DatagramPacket(pong, pong.length, packet.getSocketAddress()));
                } else {
                    datagrams.add(text);
                }
            }
        } catch (IOException e) {
            System.out.println("udp stopped: " + e);
        }
    }

    /** A held connection: lines read from it go to {@link #lines}; how it ended, if it did, is kept. */
    private final class Held {
        final Socket socket;
        final PrintWriter out;
        volatile String ended;

        Held(Socket socket, PrintWriter out) {
            this.socket = socket;
            this.out = out;
        }

        void read(BufferedReader in) {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
                ended = "end of stream";
            } catch (IOException e) {
                ended = e.toString();
            }
        }

        String state() {
            return ended == null ? "OPEN" : "CLOSED " + ended;
        }
    }
}
