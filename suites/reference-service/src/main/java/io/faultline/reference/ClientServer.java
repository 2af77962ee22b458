package io.faultline.reference;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client protocol on {@code client.bind}: one request per line, one response line each, in order.
 *
 * <pre>
 * 7 READ        ->  7 OK 3 | 7 FAIL reason | 7 REDIRECT n2 | 7 REDIRECT unknown | 7 ERROR reason
 * 8 WRITE 3     ->  8 OK 3 | ...
 * 9 CAS 3 4     ->  9 OK 4 | 9 FAIL cas expected 3 but found 5 | ...
 * MEMBERS       ->  MEMBERS node=n1 role=leader term=3 leader=n1 applied=17 suspected=n3 trusted=n2
 * </pre>
 *
 * FAIL: certainly not applied; REDIRECT: not applied, this node does not lead; ERROR: the outcome is
 * unknown (the write may yet be committed). One thread per connection; each waits for its answer.
 */
final class ClientServer implements Closeable {
    /** A request still unanswered after this long gets ERROR; a client has usually given up well before. */
    private static final long ANSWER_TIMEOUT_MS = 10_000;

    private final String self;
    private final InetSocketAddress bind;
    private final Replica replica;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private volatile boolean closed;

    ClientServer(String self, InetSocketAddress bind, Replica replica) {
        this.self = self;
        this.bind = bind;
        this.replica = replica;
    }

    void start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(bind.getHostString(), bind.getPort()));
        Thread acceptor = new Thread(this::accept, "client-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (server != null) {
            server.close();
        }
        for (Socket s : connections) {
            s.close();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.add(s);
                Thread t = new Thread(() -> serve(s), "client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println(self + ": accepting clients failed: " + e);
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8)) {
            s.setTcpNoDelay(true);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(answer(line.trim()) + "\n");
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            connections.remove(s);
        }
    }

    String answer(String line) {
        if (line.equals("MEMBERS")) {
            return "MEMBERS " + await(replica.describe()).orElse("node=" + self + " busy");
        }
        String[] f = line.split("\\s+");
        String id = f[0];
        try {
            CompletableFuture<Response> reply = switch (f.length > 1 ? f[1] : "") {
                case "READ" -> f.length == 2 ? replica.read() : null;
                case "WRITE" -> f.length == 3 ? replica.propose(new Operation.Write(Long.parseLong(f[2]))) : null;
                case "CAS" -> f.length == 4
                        ? replica.propose(new Operation.Cas(Long.parseLong(f[2]), Long.parseLong(f[3]))) : null;
                default -> null;
            };
            if (reply == null) {
                return Response.fail("bad request; expected '<id> READ', '<id> WRITE v', '<id> CAS old new' or 'MEMBERS'").line(id);
            }
            return await(reply).map(r -> r.line(id))
                    .orElse(Response.error("no answer within " + ANSWER_TIMEOUT_MS + " ms").line(id));
        } catch (NumberFormatException e) {
            return Response.fail("values must be integers").line(id);
        }
    }

    private static <T> Optional<T> await(CompletableFuture<T> future) {
        try {
            return Optional.of(future.get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
