package io.faultline.suites.zookeeper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * ZooKeeper's four-letter words, asked over a plain socket with short timeouts, so that a probe of
 * a paused or partitioned server answers "no" quickly instead of hanging. The server must list the
 * word in {@code 4lw.commands.whitelist}.
 */
public final class FourLetterWords {
    /** Long enough for a loaded loopback server, short enough that a probe of three paused nodes stays under two seconds. */
    static final Duration TIMEOUT = Duration.ofMillis(500);

    private FourLetterWords() {
    }

    /** The server's {@code srvr} answer: version, latency, {@code Zxid: 0x...}, {@code Mode: leader}, ... */
    public static String srvr(String hostPort) throws IOException {
        return ask(hostPort, "srvr");
    }

    /** Sends {@code word} to the server at {@code host:port} and returns everything it answers. */
    public static String ask(String hostPort, String word) throws IOException {
        return exchange(hostPort, word.getBytes(StandardCharsets.US_ASCII));
    }

    /** Everything a server that speaks first, such as {@link QuorumBeansServer}, says before it hangs up. */
    static String listen(String hostPort) throws IOException {
        return exchange(hostPort, new byte[0]);
    }

    private static String exchange(String hostPort, byte[] request) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
        }
        InetSocketAddress address = new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)));
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            // The server closes the connection after its answer.
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** The value of a {@code Name: value} line of an answer, e.g. {@code field(srvr, "Mode")} is {@code leader}. */
    public static Optional<String> field(String answer, String name) {
        String prefix = name + ": ";
        return answer.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim()).findFirst();
    }
}
