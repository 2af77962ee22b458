package io.faultline.harness.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * What a kernel cut must do, whichever backend makes it, watched from outside two {@link PeerServer}
 * nodes that talk to each other: a cut direction carries no bytes, over TCP or UDP; the other
 * direction still flows, even on the same connection; a connection held across the cut stalls
 * rather than resets; heal delivers what TCP held back and lets new traffic through; and the
 * kernel's count of what the cut dropped outlives it. The
 * backend tests run it on their own nodes (process: nftables between loopback addresses; Docker:
 * iptables in each container's namespace).
 *
 * @param cuts the backend's kernel cuts
 * @param ask sends one command to a node's PeerServer from the test, past any cut, and returns the answer
 * @param peerHost how one node names the other: its address, or its name on the run's network
 * @param port the PeerServer port of every node
 */
public record KernelCutScenario(KernelPartitions cuts, Asker ask, Function<String, String> peerHost, int port) {
    /** How long a cut is watched for bytes that should not arrive: TCP retransmits several times meanwhile. */
    private static final Duration WATCHED = Duration.ofMillis(1500);

    /** Sends a command to a node. */
    @FunctionalInterface
    public interface Asker {
        String ask(String node, String command) throws IOException;
    }

    /** Cuts {@code a → b} and heals it, asserting each step; leaves no cut behind. */
    public void aCutCarriesNothingOneWayStallsAndHeals(String a, String b) throws Exception {
        String toB = peerHost.apply(b);
        String toA = peerHost.apply(a);
        assertThat(ask.ask(a, "OPEN " + toB + " " + port + " " + a)).isEqualTo("OK");
        await("b holds the connection a opened").atMost(Duration.ofSeconds(5)).until(() -> ask.ask(b, "HELD " + a).equals("OPEN"));
        send(a, toB, "before-a");
        send(b, a, "before-b");
        await("both directions flow before the cut").atMost(Duration.ofSeconds(5))
                .until(() -> lines(b).contains("before-a") && lines(a).contains("before-b"));

        cuts.cut(a, b);
        try {
            long cutAt = System.nanoTime();
            send(a, toB, "across-a");
            send(b, a, "across-b");
            datagram(a, toB, "dgram-a");
            datagram(b, toA, "dgram-b");
            await("what b sends a, on the held connection and as a datagram, still arrives").atMost(Duration.ofSeconds(5))
                    .until(() -> lines(a).contains("across-b") && datagrams(a).contains("dgram-b"));
            assertThat(ask.ask(a, "TCP " + toB + " " + port)).as("a new connection from a to b across the cut").startsWith("ERR");
            Thread.sleep(Math.max(0, WATCHED.toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
            assertThat(lines(b)).as("lines b received while a -> b was cut").doesNotContain("across-a");
            assertThat(datagrams(b)).as("datagrams b received while a -> b was cut").doesNotContain("dgram-a");
            assertThat(ask.ask(a, "HELD " + toB)).as("a's held connection across the cut").isEqualTo("OPEN");
            assertThat(ask.ask(b, "HELD " + a)).as("b's end of it").isEqualTo("OPEN");
        } finally {
            cuts.heal(a, b);
        }

        // TCP retransmits with backoff: the held line comes at the next try after heal
        await("the line a sent across the cut, delivered after heal").atMost(Duration.ofSeconds(15))
                .until(() -> lines(b).contains("across-a"));
        datagram(a, toB, "after-a");
        await("a datagram after heal").atMost(Duration.ofSeconds(5)).until(() -> datagrams(b).contains("after-a"));
        assertThat(datagrams(b)).as("a datagram dropped by the cut is gone, not held").doesNotContain("dgram-a");
        assertThat(ask.ask(a, "TCP " + toB + " " + port)).as("a new connection from a to b after heal").isEqualTo("PONG");
        assertThat(ask.ask(a, "HELD " + toB)).as("the held connection, after heal").isEqualTo("OPEN");
        assertThat(cuts.droppedPackets()).as("what the cut dropped, counted by the kernel, kept after heal")
                .hasEntrySatisfying(new KernelPartitions.Cut(a, b), dropped -> assertThat(dropped).isPositive())
                .doesNotContainKey(new KernelPartitions.Cut(b, a));
    }

    private void send(String node, String peer, String text) throws IOException {
        assertThat(ask.ask(node, "SEND " + peer + " " + text)).as("%s writes %s to %s", node, text, peer).isEqualTo("OK");
    }

    private void datagram(String node, String peer, String text) throws IOException {
        assertThat(ask.ask(node, "DATAGRAM " + peer + " " + port + " " + text)).as("%s sends datagram %s", node, text).isEqualTo("OK");
    }

    private List<String> lines(String node) throws IOException {
        return words(ask.ask(node, "LINES"));
    }

    private List<String> datagrams(String node) throws IOException {
        return words(ask.ask(node, "DATAGRAMS"));
    }

    private static List<String> words(String answer) {
        return answer.isBlank() ? List.of() : List.of(answer.trim().split(" "));
    }
}
