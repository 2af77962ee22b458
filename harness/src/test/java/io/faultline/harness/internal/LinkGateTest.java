package io.faultline.harness.internal;

import io.faultline.harness.NodeSpec;
import io.faultline.harness.RunClock;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.faultline.harness.backend.BackendNode;
import io.faultline.proxy.ToxiproxyServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proxies created in one call, link proxies disabled; the gate opens each once its node listens. */
class LinkGateTest {
    private static final int PEER_PORT = 7000;

    @TempDir
    Path dir;

    private ToxiproxyServer server;
    private ToxiproxyClient client;
    private Recorder recorder;

    @BeforeEach
    void startServer() throws IOException {
        server = ToxiproxyServer.start("127.0.0.1", 0);
        client = new ToxiproxyClient("127.0.0.1", server.port());
        recorder = new Recorder(dir, RunClock.start());
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
        recorder.close();
    }

    @Test
    void aPlanIsCreatedInOneCallAndADisabledProxyRefusesConnections() throws Exception {
        int linkPort = freePort();
        int clientPort = freePort();
        ProxyPlan plan = new ProxyPlan();
        plan.add("link.a.b.peer", "127.0.0.1:" + linkPort, "127.0.0.1:1", false);
        plan.add("client.b.main", "127.0.0.1:" + clientPort, "127.0.0.1:1", true);

        Map<String, Proxy> proxies = plan.create(server.url(), client);

        assertThat(proxies).containsOnlyKeys("link.a.b.peer", "client.b.main");
        assertThat(proxies.get("link.a.b.peer").isEnabled()).isFalse();
        assertThat(proxies.get("client.b.main").isEnabled()).isTrue();
        assertThat(refuses(linkPort)).isTrue();
        assertThat(refuses(clientPort)).isFalse();
    }

    @Test
    void aLinkOpensOnlyOnceItsNodeListensOnThePortItLeadsTo() throws Exception {
        int linkPort = freePort();
        Proxy link = disabledLink("link.a.b.peer", linkPort);
        WatchedNode b = new WatchedNode(Optional.of(Set.of()));
        LinkGate gate = new LinkGate();
        gate.add(link, node("b", b), PEER_PORT);

        gate.openListening();
        assertThat(client.getProxy("link.a.b.peer").isEnabled()).isFalse();
        b.listening = Optional.of(Set.of(PEER_PORT + 1));
        gate.openListening();
        assertThat(client.getProxy("link.a.b.peer").isEnabled()).as("another port listens").isFalse();
        assertThat(refuses(linkPort)).isTrue();

        b.listening = Optional.of(Set.of(PEER_PORT, PEER_PORT + 1));
        gate.openListening();

        assertThat(client.getProxy("link.a.b.peer").isEnabled()).isTrue();
        assertThat(refuses(linkPort)).isFalse();
    }

    @Test
    void aLinkToANodeThatCannotBeWatchedOpensAtOnce() throws Exception {
        LinkGate gate = new LinkGate();
        gate.add(disabledLink("link.a.b.peer", freePort()), node("b", new WatchedNode(Optional.empty())), PEER_PORT);

        gate.openListening();

        assertThat(client.getProxy("link.a.b.peer").isEnabled()).isTrue();
    }

    @Test
    void openAllOpensTheLinksToPortsNobodyListenedOn() throws Exception {
        LinkGate gate = new LinkGate();
        gate.add(disabledLink("link.a.b.quorum", freePort()), node("b", new WatchedNode(Optional.of(Set.of()))), PEER_PORT);
        gate.openListening();

        gate.openAll();

        assertThat(client.getProxy("link.a.b.quorum").isEnabled()).isTrue();
    }

    private Proxy disabledLink(String name, int port) throws IOException {
        ProxyPlan plan = new ProxyPlan();
        plan.add(name, "127.0.0.1:" + port, "127.0.0.1:1", false);
        return plan.create(server.url(), client).get(name);
    }

    private RunningNode node(String name, BackendNode backend) {
        return new RunningNode(NodeSpec.command(name, "true").withPeerPort("peer", PEER_PORT), backend, recorder,
                dir.resolve(name + ".log"), dir.resolve(name));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static boolean refuses(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A node whose listening ports the test sets. */
    private static final class WatchedNode implements BackendNode {
        volatile Optional<Set<Integer>> listening;

        WatchedNode(Optional<Set<Integer>> listening) {
            this.listening = listening;
        }

        @Override
        public Optional<Set<Integer>> listeningPorts() {
            return listening;
        }

        @Override
        public void start() {
        }

        @Override
        public void kill() {
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public boolean isAlive() {
            return true;
        }

        @Override
        public void awaitReady(Callable<Boolean> ready, Duration timeout) {
        }

        @Override
        public String directAddress(int port) {
            return "127.0.0.1:" + port;
        }
    }
}
