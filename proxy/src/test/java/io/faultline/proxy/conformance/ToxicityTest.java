package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import io.faultline.proxy.conformance.Loopback.Ending;
import io.faultline.proxy.conformance.Loopback.How;
import io.faultline.proxy.conformance.RawApi.Response;
import java.net.Socket;
import java.util.ArrayList;
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
    /** Long enough that load on a shared machine never makes an unaffected round trip look affected. */
    private static final int LATENCY_MS = 500;

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
        Proxy proxy = echoProxy();
        addToxic(proxy.getName(), "{\"name\":\"maybe\",\"type\":\"latency\",\"toxicity\":0.5,\"attributes\":{\"latency\":"
                + LATENCY_MS + "}}");
        List<Socket> connections = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            connections.add(net.connect(port(proxy)));
        }

        boolean[] before = slowByConnection(connections, 3);
        api.patch("/proxies/" + proxy.getName() + "/toxics/maybe", "{\"attributes\":{\"latency\":" + (LATENCY_MS + 1) + "}}");
        boolean[] after = slowByConnection(connections, 2);

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
     * Round trips on every connection at once; a connection is slow if its round trips take at least
     * the latency, and must be the same every time.
     */
    private static boolean[] slowByConnection(List<Socket> connections, int roundTrips) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections.size());
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Socket s : connections) {
                results.add(pool.submit(() -> {
                    List<Long> rtts = new ArrayList<>();
                    for (int k = 0; k < roundTrips; k++) {
                        rtts.add(TimeUnit.NANOSECONDS.toMillis(Loopback.roundTrip(s, new byte[] {7})));
                    }
                    boolean slow = rtts.get(0) >= LATENCY_MS;
                    for (long rtt : rtts) {
                        assertThat(rtt >= LATENCY_MS).as("stable within one connection: %s", rtts).isEqualTo(slow);
                    }
                    return slow;
                }));
            }
            boolean[] slow = new boolean[connections.size()];
            for (int i = 0; i < slow.length; i++) {
                slow[i] = results.get(i).get(10, TimeUnit.SECONDS);
            }
            return slow;
        } finally {
            pool.shutdownNow();
        }
    }
}
