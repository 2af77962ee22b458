package io.faultline.harness.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import io.faultline.harness.Network;
import io.faultline.proxy.ToxiproxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The network's cuts on real sockets through the embedded proxy, observed from outside the harness:
 * a cut link carries no bytes while its connection stays open, and healing delivers what was held.
 */
class ProxyNetworkTest {
    private ToxiproxyServer server;
    private ServerSocket nodeB;
    private ProxyNetwork network;
    private Proxy aToB;

    @BeforeEach
    void start() throws IOException {
        server = ToxiproxyServer.start("127.0.0.1", 0);
        nodeB = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.port());
        aToB = client.createProxy(ProxyNetwork.linkProxyName("a", "b", "peer"), "127.0.0.1:0",
                "127.0.0.1:" + nodeB.getLocalPort());
        network = new ProxyNetwork(client, List.of("a", "b"));
        network.addLink("a", "b", aToB);
    }

    @AfterEach
    void stop() throws IOException {
        nodeB.close();
        server.close();
    }

    @Test
    void aCutLinkCarriesNoBytesAndAHealedOneDeliversWhatWasHeld() throws Exception {
        try (Socket fromA = connect(); Socket atB = nodeB.accept()) {
            atB.setSoTimeout(500);
            fromA.getOutputStream().write('1');
            assertThat(atB.getInputStream().read()).isEqualTo('1');

            network.cut("a", "b");
            fromA.getOutputStream().write('2');
            assertThat(readsNothing(atB.getInputStream())).as("a cut link carries no bytes").isTrue();

            // the other direction still flows: b's answers reach a
            atB.getOutputStream().write('x');
            fromA.setSoTimeout(2_000);
            assertThat(fromA.getInputStream().read()).isEqualTo('x');

            network.heal();
            atB.setSoTimeout(2_000);
            assertThat(atB.getInputStream().read()).as("healing delivers what was held").isEqualTo('2');
        }
    }

    @Test
    void aPartitionCutsBothDirectionsBetweenComponents() throws Exception {
        try (Socket fromA = connect(); Socket atB = nodeB.accept()) {
            network.partition(List.of(Set.of("a")));
            fromA.getOutputStream().write('1');
            atB.getOutputStream().write('2');
            atB.setSoTimeout(500);
            fromA.setSoTimeout(500);

            assertThat(readsNothing(atB.getInputStream())).isTrue();
            assertThat(readsNothing(fromA.getInputStream())).isTrue();

            network.heal();
            atB.setSoTimeout(2_000);
            fromA.setSoTimeout(2_000);
            assertThat(atB.getInputStream().read()).isEqualTo('1');
            assertThat(fromA.getInputStream().read()).isEqualTo('2');
        }
    }

    @Test
    void aLinkCutByTwoFaultsFlowsOnlyOnceBothHaveRestoredIt() throws Exception {
        try (Socket fromA = connect(); Socket atB = nodeB.accept()) {
            atB.setSoTimeout(500);
            network.cut("a", "b");
            network.cut("a", "b");
            fromA.getOutputStream().write('1');

            network.restore("a", "b");
            assertThat(readsNothing(atB.getInputStream())).as("still cut by the other fault").isTrue();

            network.restore("a", "b");
            atB.setSoTimeout(2_000);
            assertThat(atB.getInputStream().read()).as("restored by both: what was held arrives").isEqualTo('1');
        }
    }

    @Test
    void overlappingDelaysOnOneLinkEachRemoveOnlyTheirOwn() throws Exception {
        Network.Limit first = network.latency("a", "b", Duration.ofMillis(100), Duration.ZERO);
        Network.Limit second = network.latency("a", "b", Duration.ofMillis(400), Duration.ZERO);
        assertThat(toxics()).containsExactlyInAnyOrder("latency 100", "latency 400");

        first.remove();
        assertThat(toxics()).as("the other fault's delay stays").containsExactly("latency 400");
        try (Socket fromA = connect(); Socket atB = nodeB.accept()) {
            atB.setSoTimeout(5_000);
            long sent = System.nanoTime();
            fromA.getOutputStream().write('1');
            assertThat(atB.getInputStream().read()).isEqualTo('1');
            // a lower bound the proxy guarantees: each chunk waits out the delay before it is forwarded
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }

        second.remove();
        assertThat(toxics()).isEmpty();
    }

    @Test
    void overlappingBandwidthLimitsEachRemoveOnlyTheirOwn() throws Exception {
        Network.Limit first = network.bandwidth("a", "b", 5_000);
        Network.Limit second = network.bandwidth("a", "b", 9_000);
        second.remove();
        assertThat(toxics()).containsExactly("bandwidth 5");
        first.remove();
        assertThat(toxics()).isEmpty();
    }

    @Test
    void aLimitThatHealingRemovedIsRemovedAgainQuietly() throws Exception {
        Network.Limit limit = network.latency("a", "b", Duration.ofMillis(100), Duration.ZERO);
        network.heal();
        limit.remove();
        assertThat(toxics()).isEmpty();
    }

    /** The link's toxics as "type value", e.g. "latency 400". */
    private List<String> toxics() throws IOException {
        return aToB.toxics().getAll().stream().map(t -> {
            if (t instanceof Latency latency) {
                return "latency " + latency.getLatency();
            }
            if (t instanceof Bandwidth bandwidth) {
                return "bandwidth " + bandwidth.getRate();
            }
            return t.getName();
        }).toList();
    }

    private Socket connect() throws IOException {
        String[] listen = aToB.getListen().split(":");
        return new Socket(listen[0], Integer.parseInt(listen[1]));
    }

    /** True when nothing, not even an end of stream, arrives before the socket's read timeout. */
    private static boolean readsNothing(InputStream in) throws IOException {
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }
}
