package io.faultline.suites.jgroupsraft;

import io.faultline.checkers.history.Keyword;
import io.faultline.harness.Client;
import io.faultline.harness.Completion;
import io.faultline.harness.Invocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The register of a {@link JGroupsRaftCluster}, as the cas-register model names its operations, each
 * a line to one member's client port: process p talks only to its home member, the (p mod N)-th,
 * through that member's client proxy, so what a cut-off member answers reaches the history. A read
 * that got no value, or a CAS that did not match, failed; a write or CAS without a definite answer
 * throws, and the harness records {@code :info}.
 */
public final class JGroupsRaftRegisterClient implements Client {
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
    private static final int ANSWER_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final BufferedReader in;
    private final PrintWriter out;

    private JGroupsRaftRegisterClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Give the workload a multiple of N processes: renumbering p as p + processes keeps p mod N only then. */
    public static Client.Factory pinned() {
        return (cluster, process) -> {
            String home = cluster.nodes().get(process % cluster.nodes().size()).name();
            String address = cluster.clientAddress(home, JGroupsRaftCluster.CLIENT_PORT);
            int colon = address.lastIndexOf(':');
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                        CONNECT_TIMEOUT_MILLIS);
                socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
                return new JGroupsRaftRegisterClient(socket);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        };
    }

    @Override
    public Completion invoke(Invocation invocation) throws Exception {
        return switch (invocation.f()) {
            case "read" -> read();
            case "write" -> {
                long value = number(invocation.value());
                String answer = ask("write " + value);
                if (!answer.equals("ok")) {
                    throw new IOException("write " + value + " unconfirmed: " + answer);
                }
                yield Completion.ok(value);
            }
            case "cas" -> cas(invocation.value());
            default -> throw new IllegalArgumentException("a cas register knows read, write and cas, not " + invocation.f());
        };
    }

    private Completion read() {
        String answer;
        try {
            answer = ask("read");
        } catch (IOException e) {
            return Completion.fail(Keyword.of("no-answer"));
        }
        if (answer.startsWith("ok ")) {
            return Completion.ok(Long.parseLong(answer.substring(3).trim()));
        }
        return Completion.fail(Keyword.of(answer.replace(' ', '-').toLowerCase(java.util.Locale.ROOT)));
    }

    private Completion cas(Object argument) throws IOException {
        if (!(argument instanceof List<?> pair) || pair.size() != 2) {
            throw new IllegalArgumentException("a cas takes [old new], got " + argument);
        }
        long expected = number(pair.get(0));
        long replacement = number(pair.get(1));
        String answer = ask("cas " + expected + " " + replacement);
        if (answer.equals("fail mismatch")) {
            return Completion.fail(Keyword.of("mismatch"));
        }
        if (!answer.equals("ok")) {
            throw new IOException("cas unconfirmed: " + answer);
        }
        return Completion.ok(List.of(expected, replacement));
    }

    private String ask(String request) throws IOException {
        out.println(request);
        String answer = in.readLine();
        if (answer == null) {
            throw new IOException("the member closed the connection");
        }
        return answer;
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("a cas register holds integers, got " + value);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
