package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import io.faultline.proxy.conformance.Loopback.Ending;
import io.faultline.proxy.conformance.Loopback.How;
import io.faultline.proxy.conformance.RawApi.Response;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Toxicity (spec §4.3): a toxic applies to a whole connection or not at all, drawn when it starts on
 * the connection and drawn again when it is updated.
 */
class ToxicityTest extends ConformanceSupport {
    /** The least delay that marks an affected connection (see {@link #latencyLoadCannotMimic}). */
    private static final long LATENCY_MS = 500;
    private static final long MAX_LATENCY_MS = 2_000;

    @Test
    void a44_aSparedConnectionIsTimedOutOnceToxicityRisesToOne() throws Exception {
        assertMillis("from the update to the close", 100, 100 + SLACK_MS, () -> {
            Proxy proxy = echoProxy();
            addToxic(proxy.getName(),
                    "{\"name\":\"to\",\"type\":\"timeout\",\"toxicity\":0,\"attributes\":{\"timeout\":0}}");
            Socket s = net.connect(port(proxy));
            Loopback.roundTrip(s, new byte[] {1, 2, 3});
            long start = System.nanoTime();
            Response r = api.patch("/proxies/" + proxy.getName() + "/toxics/to",
                    "{\"toxicity\":1,\"attributes\":{\"timeout\":100}}");
            Ending end = Loopback.awaitEnd(s, ms(1000));
            assertThat(r.status()).isEqualTo(200);
            assertThat(end.how()).isEqualTo(How.EOF);
            return TimeUnit.NANOSECONDS.toMillis(end.atNanos() - start);
        });
    }

    @Test
    void b39_halfTheConnectionsAreAffectedStablyAndAnUpdateRedraws() throws Exception {
        long latency = latencyLoadCannotMimic();
        Proxy proxy = echoProxy();
        addToxic(proxy.getName(), "{\"name\":\"maybe\",\"type\":\"latency\",\"toxicity\":0.5,\"attributes\":{\"latency\":"
                + latency + "}}");
        List<Socket> connections = connections(proxy);

        boolean[] before = slowByConnection(connections, 3, latency);
        api.patch("/proxies/" + proxy.getName() + "/toxics/maybe", "{\"attributes\":{\"latency\":" + (latency + 1) + "}}");
        boolean[] after = slowByConnection(connections, 2, latency);

        int affected = 0;
        int flipped = 0;
        for (int i = 0; i < before.length; i++) {
            affected += before[i] ? 1 : 0;
            flipped += before[i] != after[i] ? 1 : 0;
        }
        // Binomial(40, 0.5): outside 8..32 once in ~10^5 runs; no flip at all once in 2^40
        assertThat(affected).as("connections affected at toxicity 0.5").isBetween(8, 32);
        assertThat(flipped).as("connections whose draw changed after the update").isPositive();
    }

    /**
     * A delay that marks an affected round trip beyond doubt on this machine as loaded as it is now:
     * ten times the slowest of 40 × 3 concurrent round trips through a proxy without toxics, and at
     * least {@value #LATENCY_MS} ms. An affected round trip takes at least the delay by construction;
     * an unaffected one would have to be slowed ten times more than it was a moment ago to look
     * affected. At most {@value #MAX_LATENCY_MS} ms, well inside the sockets' read timeout.
     */
    private long latencyLoadCannotMimic() throws Exception {
        long slowest = 0;
        for (long[] rtts : roundTrips(connections(echoProxy()), 3)) {
            for (long rtt : rtts) {
                slowest = Math.max(slowest, rtt);
            }
        }
        return Math.min(MAX_LATENCY_MS, Math.max(LATENCY_MS, 10 * slowest));
    }

    private List<Socket> connections(Proxy proxy) throws Exception {
        List<Socket> connections = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            connections.add(net.connect(port(proxy)));
        }
        return connections;
    }

    /**
     * Round trips on every connection at once; a connection is slow if its round trips take at least
     * the latency, and must be the same every time. Load can stall an unaffected round trip past the
     * delay, but never hurries an affected one under it: a connection whose round trips disagree is
     * measured again, alone, up to twice. One whose draw really changes between round trips (three
     * of four such connections disagree each time) still disagrees.
     */
    private static boolean[] slowByConnection(List<Socket> connections, int roundTrips, long latency) throws Exception {
        List<long[]> all = roundTrips(connections, roundTrips);
        boolean[] slow = new boolean[connections.size()];
        for (int i = 0; i < slow.length; i++) {
            long[] rtts = all.get(i);
            List<String> measured = new ArrayList<>(List.of(Arrays.toString(rtts)));
            for (int again = 0; again < 2 && !agree(rtts, latency); again++) {
                rtts = roundTrips(List.of(connections.get(i)), roundTrips).get(0);
                measured.add(Arrays.toString(rtts));
            }
            assertThat(agree(rtts, latency)).as("stable within one connection: %s ms, latency %d ms", measured, latency).isTrue();
            slow[i] = rtts[0] >= latency;
        }
        return slow;
    }

    private static boolean agree(long[] rtts, long latency) {
        return Arrays.stream(rtts).allMatch(rtt -> rtt >= latency) || Arrays.stream(rtts).noneMatch(rtt -> rtt >= latency);
    }

    /** {@code roundTrips} one-byte round trips on every connection at once, in ms, per connection. */
    private static List<long[]> roundTrips(List<Socket> connections, int roundTrips) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections.size());
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (Socket s : connections) {
                results.add(pool.submit(() -> {
                    long[] rtts = new long[roundTrips];
                    for (int k = 0; k < roundTrips; k++) {
                        rtts[k] = TimeUnit.NANOSECONDS.toMillis(Loopback.roundTrip(s, new byte[] {7}));
                    }
                    return rtts;
                }));
            }
            List<long[]> rtts = new ArrayList<>();
            for (Future<long[]> result : results) {
                // each round trip has the sockets' read timeout; a loaded machine may queue the threads
                rtts.add(result.get(roundTrips * Loopback.IO_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS));
            }
            return rtts;
        } finally {
            pool.shutdownNow();
        }
    }
}
