package com.example.register;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A node of a replicated register that any node serves: each read and write is a round trip to a
 * majority (the algorithm of Attiya, Bar-Noy and Dolev). A write asks a majority for their stamps
 * and stores its value under a higher one on a majority; a read asks a majority for their values,
 * takes the newest, and stores it on a majority before answering, so that no later read can return
 * an older one. With no leader, a node cut off from the majority refuses, and the others go on.
 *
 * <p>Run as {@code RegisterNode node.properties}, where the file gives {@code name}, {@code bind},
 * {@code client.port}, {@code peer.port}, {@code peers} (comma-separated {@code host:port}) and
 * {@code data.dir}. Clients send {@code READ} or {@code WRITE v}, one per line, and get {@code OK v},
 * {@code OK}, or {@code ERR reason}; peers send {@code GET} or {@code PUT counter writer value}.
 */
public final class RegisterNode {
    private static final int PEER_TIMEOUT_MILLIS = 300;

    private final String name;
    private final List<InetSocketAddress> peers;
    private final Replica replica;
    private final int majority;
    private final AtomicLong writes = new AtomicLong();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });

    RegisterNode(String name, List<InetSocketAddress> peers, Replica replica) {
        this.name = name;
        this.peers = peers;
        this.replica = replica;
        this.majority = (peers.size() + 1) / 2 + 1;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: RegisterNode node.properties");
            System.exit(64);
        }
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            config.load(in);
        }
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String peer : config.getProperty("peers", "").split(",")) {
            if (!peer.isBlank()) {
                int colon = peer.lastIndexOf(':');
                peers.add(InetSocketAddress.createUnresolved(peer.substring(0, colon).trim(),
                        Integer.parseInt(peer.substring(colon + 1).trim())));
            }
        }
        RegisterNode node = new RegisterNode(config.getProperty("name"), peers,
                new Replica(Path.of(config.getProperty("data.dir"))));
        InetAddress bind = InetAddress.getByName(config.getProperty("bind"));
        node.serve(new ServerSocket(Integer.parseInt(config.getProperty("peer.port")), 50, bind), node::peerRequest);
        node.serve(new ServerSocket(Integer.parseInt(config.getProperty("client.port")), 50, bind), node::clientRequest);
        System.out.println("register node " + node.name + " serving on " + bind + ", " + peers.size() + " peers");
        new CountDownLatch(1).await();
    }

    /** Answers each line a connection sends, until it closes. */
    private void serve(ServerSocket server, Function<String, String> handler) {
        threads.execute(() -> {
            while (true) {
                try {
                    Socket socket = server.accept();
                    threads.execute(() -> converse(socket, handler));
                } catch (IOException e) {
                    System.err.println("accept on " + server.getLocalSocketAddress() + " failed: " + e);
                    return;
                }
            }
        });
    }

    private static void converse(Socket socket, Function<String, String> handler) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(handler.apply(line.trim()));
            }
        } catch (IOException e) {
            // the other side went away; a client retries, a coordinator counts it as no answer
        }
    }

    String peerRequest(String line) {
        if (line.equals("GET")) {
            return "VALUE " + replica.get().encode();
        }
        if (line.startsWith("PUT ")) {
            replica.offer(Replica.Stamped.decode(line.substring(4)));
            return "ACK";
        }
        return "ERR unknown request '" + line + "'";
    }

    String clientRequest(String line) {
        try {
            if (line.equals("READ")) {
                Replica.Stamped newest = newestOfAMajority();
                storeOnAMajority(newest);
                return "OK " + newest.value();
            }
            if (line.startsWith("WRITE ")) {
                long value = Long.parseLong(line.substring(6).trim());
                Stamp stamp = new Stamp(newestOfAMajority().stamp().counter() + 1, name + "." + writes.incrementAndGet());
                storeOnAMajority(new Replica.Stamped(stamp, value));
                return "OK";
            }
            return "ERR unknown request '" + line + "'; send READ or WRITE v";
        } catch (NoMajorityException e) {
            return "ERR " + e.getMessage();
        }
    }

    private Replica.Stamped newestOfAMajority() throws NoMajorityException {
        List<String> answers = askAll("GET", "VALUE ");
        Replica.Stamped newest = replica.get();
        for (String answer : answers) {
            Replica.Stamped theirs = Replica.Stamped.decode(answer.substring("VALUE ".length()));
            if (theirs.stamp().compareTo(newest.stamp()) > 0) {
                newest = theirs;
            }
        }
        return newest;
    }

    private void storeOnAMajority(Replica.Stamped value) throws NoMajorityException {
        replica.offer(value);
        askAll("PUT " + value.encode(), "ACK");
    }

    /**
     * Sends {@code request} to every peer and returns once a majority, this node included, answered
     * with {@code expected}; peers that have not answered by then are left to finish on their own.
     */
    private List<String> askAll(String request, String expected) throws NoMajorityException {
        int needed = majority - 1;
        List<String> answers = new ArrayList<>();
        CountDownLatch enough = new CountDownLatch(needed);
        CountDownLatch all = new CountDownLatch(peers.size());
        for (InetSocketAddress peer : peers) {
            CompletableFuture.runAsync(() -> {
                try {
                    String answer = ask(peer, request);
                    if (answer.startsWith(expected)) {
                        synchronized (answers) {
                            answers.add(answer);
                        }
                        enough.countDown();
                    }
                } catch (IOException e) {
                    // no answer from this peer: down, paused, cut off, or slow
                } finally {
                    all.countDown();
                }
            }, threads);
        }
        try {
            // a majority answered, or every peer is done (some without answering)
            while (enough.getCount() > 0 && all.getCount() > 0) {
                enough.await(10, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (answers) {
            if (answers.size() < needed) {
                throw new NoMajorityException("only " + (answers.size() + 1) + " of " + (peers.size() + 1)
                        + " nodes answered " + request.split(" ")[0] + "; a majority is " + majority);
            }
            return List.copyOf(answers);
        }
    }

    private static String ask(InetSocketAddress peer, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(peer.getHostString(), peer.getPort()), PEER_TIMEOUT_MILLIS);
            socket.setSoTimeout(PEER_TIMEOUT_MILLIS);
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            out.println(request);
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (answer == null) {
                throw new IOException(peer + " closed the connection");
            }
            return answer;
        }
    }

    private static final class NoMajorityException extends Exception {
        NoMajorityException(String message) {
            super(message);
        }
    }
}
