package io.faultline.proxy.conformance;

import static io.faultline.proxy.conformance.RawApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.faultline.proxy.conformance.Loopback.Ending;
import io.faultline.proxy.conformance.Loopback.How;
import io.faultline.proxy.conformance.Loopback.Recorder;
import io.faultline.proxy.conformance.Loopback.Upstream;
import io.faultline.proxy.conformance.RawApi.Response;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Listening, forwarding, and what enable, disable, update and reset do to connections (spec §4.1, §4.2, §4.4). */
class ProxyLifecycleTest extends ConformanceSupport {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    @Test
    void a16_aProxyCreatedEnabledAcceptsConnections() throws Exception {
        Proxy proxy = echoProxy();

        Socket s = net.connect(port(proxy));

        Loopback.roundTrip(s, PING);
    }

    @Test
    void a18_enablingStartsListeningAndDisablingStops() throws Exception {
        String p = name("toggle");
        api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s','enabled':false}",
                p, net.echoServer().address()));
        Proxy proxy = client.getProxy(p);

        proxy.enable();
        int port = port(client.getProxy(p));
        assertThat(client.getProxy(p).isEnabled()).isTrue();
        Loopback.roundTrip(net.connect(port), PING);

        proxy.disable();
        assertThat(client.getProxy(p).isEnabled()).isFalse();
        assertThat(Loopback.isListening(port)).isFalse();
    }

    @Test
    void a22_resetKeepsProxiesEnabledAndListeningWithoutToxics() throws Exception {
        Proxy a = echoProxy();
        Proxy b = echoProxy();
        a.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        b.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 1);
        b.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 0);

        client.reset();

        for (Proxy p : new Proxy[] {a, b}) {
            Proxy after = client.getProxy(p.getName());
            assertThat(after.isEnabled()).isTrue();
            assertThat(after.getListen()).isEqualTo(p.getListen());
            assertThat(after.toxics().getAll()).isEmpty();
            Loopback.roundTrip(net.connect(port(p)), PING);
        }
    }

    @Test
    void a35_bytesReachTheUpstreamUnchanged() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        byte[] big = Loopback.pattern(64 * 1024);

        Socket small = net.connect(port(proxy));
        small.getOutputStream().write("hello world".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(Loopback.readExactly(upstream.accept(), 11), StandardCharsets.US_ASCII))
                .isEqualTo("hello world");

        Socket large = net.connect(port(proxy));
        Recorder received = net.record(upstream.accept());
        large.getOutputStream().write(big);
        assertThat(received.awaitBytes(big.length, Loopback.IO_TIMEOUT)).isEqualTo(big);

        Socket twoParts = net.connect(port(proxy));
        Socket server = upstream.accept();
        twoParts.getOutputStream().write("hello ".getBytes(StandardCharsets.US_ASCII));
        twoParts.getOutputStream().write("world".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(Loopback.readExactly(server, 11), StandardCharsets.US_ASCII)).isEqualTo("hello world");
    }

    @Test
    void a36_anUnreachableUpstreamIsAcceptedThenClosed() throws Exception {
        Proxy proxy = proxyTo(Loopback.address(Loopback.unusedPort()));

        long start = System.nanoTime();
        Socket s = net.connect(port(proxy));
        Ending end = Loopback.awaitEnd(s, ms(500));

        assertThat(end.how()).isEqualTo(How.EOF);
        assertThat(end.data()).isEmpty();
        assertThat(Loopback.millisSince(start)).isLessThan(500);
    }

    @Test
    void a37_disablingAStoppedProxyAgainAndAgainIsHarmless() throws Exception {
        String p = name("never-started");
        api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s','enabled':false}",
                p, net.echoServer().address()));
        Proxy proxy = client.getProxy(p);

        for (int i = 0; i < 3; i++) {
            proxy.disable();
        }
        proxy.enable();
        int port = port(client.getProxy(p));
        for (int i = 0; i < 3; i++) {
            proxy.disable();
        }

        assertThat(client.getProxy(p).isEnabled()).isFalse();
        assertThat(Loopback.isListening(port)).isFalse();
        proxy.enable();
        Loopback.roundTrip(net.connect(port(client.getProxy(p))), PING);
    }

    @Test
    void a38_enablingAnEnabledProxyChangesNothing() throws Exception {
        Proxy proxy = echoProxy();
        Socket live = net.connect(port(proxy));
        Loopback.roundTrip(live, PING);

        proxy.enable();
        proxy.enable();

        assertThat(client.getProxy(proxy.getName()).getListen()).isEqualTo(proxy.getListen());
        Loopback.roundTrip(live, PING);
    }

    @Test
    void a38_startingOnAnAddressAnotherProxyHoldsFails() throws Exception {
        Proxy holder = echoProxy();
        String p = name("same-address");
        api.post("/proxies", json("{'name':'%s','listen':'%s','upstream':'%s','enabled':false}",
                p, holder.getListen(), holder.getUpstream()));

        Response r = api.patch("/proxies/" + p, "{\"enabled\":true}");

        assertThat(r.status()).isEqualTo(500);
        assertThat(client.getProxy(p).isEnabled()).isFalse();
        Loopback.roundTrip(net.connect(port(holder)), PING);
    }

    @Test
    void a39_movingToPortZeroPicksANewPortAndRepeatingTheListenIsHarmless() throws Exception {
        Proxy proxy = echoProxy();
        int oldPort = port(proxy);

        Response moved = api.patch("/proxies/" + proxy.getName(), "{\"listen\":\"127.0.0.1:0\"}");

        assertThat(moved.status()).isEqualTo(200);
        String listen = moved.json().path("listen").asText();
        assertThat(listen).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        int newPort = Loopback.port(listen);
        assertThat(newPort).isNotEqualTo(oldPort);
        assertThat(Loopback.isListening(oldPort)).isFalse();
        Socket live = net.connect(newPort);
        Loopback.roundTrip(live, PING);

        Response same = api.patch("/proxies/" + proxy.getName(), json("{'listen':'%s'}", listen));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().path("listen").asText()).isEqualTo(listen);
        Loopback.roundTrip(live, PING);

        assertThat(api.patch("/proxies/" + proxy.getName(), "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(Loopback.isListening(newPort)).isFalse();
    }

    @Test
    void a40_respellingTheListenHostKeepsTheProxyAndItsConnections() throws Exception {
        int port = Loopback.unusedPort();
        Proxy proxy = client.createProxy(name("respelled"), Loopback.address(port), net.echoServer().address());
        Socket live = net.connect(port);
        Loopback.roundTrip(live, PING);

        proxy.setListen("localhost:" + port);

        assertThat(client.getProxy(proxy.getName()).getListen()).isEqualTo(Loopback.address(port));
        Loopback.roundTrip(live, PING);
    }

    @Test
    void a41_aProxyThatFailedToStartStartsOnceThePortIsFree() throws Exception {
        ServerSocket squatter = net.occupyPort();
        int port = squatter.getLocalPort();
        String p = name("retry");
        api.post("/proxies", json("{'name':'%s','listen':'%s','upstream':'%s','enabled':false}",
                p, Loopback.address(port), net.echoServer().address()));

        assertThat(api.patch("/proxies/" + p, "{\"enabled\":true}").status()).isEqualTo(500);
        squatter.close();
        Response retried = api.patch("/proxies/" + p, "{\"enabled\":true}");

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().path("enabled").asBoolean()).isTrue();
        Loopback.roundTrip(net.connect(port), PING);
    }

    @Test
    void b20_changingTheUpstreamDropsConnectionsAndRedirectsNewOnes() throws Exception {
        Upstream first = net.upstream();
        Upstream second = net.upstream();
        Proxy proxy = proxyTo(first.address());
        Socket client1 = net.connect(port(proxy));
        Socket server1 = first.accept();

        proxy.setUpstream(second.address());

        assertThat(Loopback.awaitEnd(client1, Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
        assertThat(Loopback.awaitEnd(server1, Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
        net.connect(port(proxy));
        assertThat(second.accept()).isNotNull();
        assertThat(first.poll(ms(200))).isNull();
    }

    @Test
    void b20_changingTheListenDropsConnections() throws Exception {
        Proxy proxy = echoProxy();
        Socket live = net.connect(port(proxy));
        Loopback.roundTrip(live, PING);

        proxy.setListen("127.0.0.1:0");

        assertThat(Loopback.awaitEnd(live, Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
        Loopback.roundTrip(net.connect(port(client.getProxy(proxy.getName()))), PING);
    }

    @Test
    void b25_resetReenablesDisabledProxiesAndKeepsLiveConnections() throws Exception {
        String off = name("off");
        api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s','enabled':false}",
                off, net.echoServer().address()));
        Proxy on = echoProxy();
        on.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 300);
        Socket live = net.connect(port(on));

        client.reset();

        Proxy reenabled = client.getProxy(off);
        assertThat(reenabled.isEnabled()).isTrue();
        assertThat(reenabled.getListen()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        Loopback.roundTrip(net.connect(port(reenabled)), PING);
        assertThat(client.getProxy(on.getName()).toxics().getAll()).isEmpty();
        long rtt = Loopback.roundTrip(live, PING);
        assertThat(rtt / 1_000_000).as("the removed latency no longer applies").isLessThan(300);
    }

    @Test
    void b26_disableClosesBothSidesAndRefusesUntilReenabled() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        int port = port(proxy);
        Socket clientSide = net.connect(port);
        Socket serverSide = upstream.accept();

        proxy.disable();

        assertThat(Loopback.awaitEnd(clientSide, Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
        assertThat(Loopback.awaitEnd(serverSide, Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
        assertThatThrownBy(() -> net.connect(port)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("refused");

        proxy.enable();
        assertThat(client.getProxy(proxy.getName()).getListen()).isEqualTo(proxy.getListen());
        net.connect(port);
        assertThat(upstream.accept()).isNotNull();
    }

    @Test
    void b27_anUnresolvableUpstreamIsAcceptedThenClosed() throws Exception {
        // resolution fails locally: the surefire JVM resolves names from src/test/resources/loopback-hosts only
        Proxy proxy = proxyTo("no-such-host.invalid:80");

        Socket s = net.connect(port(proxy));

        Ending end = Loopback.awaitEnd(s, Loopback.IO_TIMEOUT);
        assertThat(end.how()).isEqualTo(How.EOF);
        assertThat(end.data()).isEmpty();
    }

    @Test
    void b28_aHalfCloseIsNotPropagated() throws Exception {
        Loopback.EchoServer echo = net.echoAtEndServer();
        Proxy proxy = proxyTo(echo.address());

        Socket direct = net.connect(echo.port());
        direct.getOutputStream().write(PING);
        direct.shutdownOutput();
        Ending directEnd = Loopback.awaitEnd(direct, Loopback.IO_TIMEOUT);

        Socket proxied = net.connect(port(proxy));
        proxied.getOutputStream().write(PING);
        proxied.shutdownOutput();
        Ending proxiedEnd = Loopback.awaitEnd(proxied, Loopback.IO_TIMEOUT);

        assertThat(directEnd.how()).isEqualTo(How.EOF);
        assertThat(directEnd.data()).isEqualTo(PING);
        assertThat(proxiedEnd.how()).isEqualTo(How.EOF);
        assertThat(proxiedEnd.data()).isEmpty();
    }
}
