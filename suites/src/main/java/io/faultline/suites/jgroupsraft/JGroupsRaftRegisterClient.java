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

    private final InetSocketAddress member;
    private Socket socket;
    private BufferedReader in;
    private PrintWriter out;

    private JGroupsRaftRegisterClient(InetSocketAddress member) {
        this.member = member;
    }

    /**
     * Give the workload a multiple of N processes: renumbering p as p + processes keeps p mod N only
     * then. A connection the member dropped (it was killed, say) is opened again at the next operation,
     * so a process that only reads goes on reading at its member once it is back.
     */
    public static Client.Factory pinned() {
        return (cluster, process) -> {
            String home = cluster.nodes().get(process % cluster.nodes().size()).name();
            String address = cluster.clientAddress(home, JGroupsRaftCluster.CLIENT_PORT);
            int colon = address.lastIndexOf(':');
            return new JGroupsRaftRegisterClient(new InetSocketAddress(address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1))));
        };
    }

    @Override
    public Completion invoke(Invocation invocation) throws Exception {
        return switch (invocation.f()) {
            case "read" -> read();
            case "write" -> {
                long value = number(invocation.value());
                if (!connected()) {
                    yield Completion.fail(Keyword.of("no-connection"));
                }
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
        if (!connected()) {
            return Completion.fail(Keyword.of("no-connection"));
        }
        String answer = ask("cas " + expected + " " + replacement);
        if (answer.equals("fail mismatch")) {
            return Completion.fail(Keyword.of("mismatch"));
        }
        if (!answer.equals("ok")) {
            throw new IOException("cas unconfirmed: " + answer);
        }
        return Completion.ok(List.of(expected, replacement));
    }

    /** Connects if not connected; false if the member cannot be reached, in which case nothing was sent. */
    private boolean connected() {
        if (socket != null) {
            return true;
        }
        Socket s = new Socket();
        try {
            s.connect(member, CONNECT_TIMEOUT_MILLIS);
            s.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            socket = s;
            return true;
        } catch (IOException e) {
            closeQuietly(s);
            return false;
        }
    }

    private String ask(String request) throws IOException {
        if (!connected()) {
            throw new IOException("cannot reach " + member);
        }
        try {
            out.println(request);
            String answer = in.readLine();
            if (answer == null) {
                throw new IOException("the member closed the connection");
            }
            return answer;
        } catch (IOException e) {
            closeQuietly(socket);
            socket = null;
            throw e;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a socket that already failed
        }
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("a cas register holds integers, got " + value);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }
}
