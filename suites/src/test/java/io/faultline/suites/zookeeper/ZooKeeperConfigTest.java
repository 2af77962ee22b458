package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.harness.ClusterSpec;
import io.faultline.harness.NodeContext;
import io.faultline.harness.NodeSpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooKeeperConfigTest {
    private static final ClusterSpec ZK = ZooKeeperCluster.ensemble(3);

    @TempDir
    Path dir;

    @Test
    void eachServerReachesEveryPeerThroughThatLinksProxiesAndNamesItselfByName() throws IOException {
        for (int i = 0; i < 3; i++) {
            Properties cfg = render(i, ZooKeeperConfigTest::proxy);
            for (int j = 0; j < 3; j++) {
                String expected = i == j
                        ? "zk" + (i + 1) + ":2888:3888"
                        : "127.0.0.1:" + port(i, j, "quorum") + ":" + port(i, j, "election");
                assertThat(cfg.getProperty("server." + (j + 1))).as("server.%d in zk%d's zoo.cfg", j + 1, i + 1)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void inAContainerAServerNamesItselfByTheWildcardAndMapsNoName() throws IOException {
        NodeContext ctx = new FakeContext(0, ZooKeeperConfigTest::proxy, "0.0.0.0");
        Properties cfg = new Properties();
        cfg.load(new StringReader(spec(0).files().get("zoo.cfg").apply(ctx)));
        assertThat(cfg.getProperty("server.1")).isEqualTo("0.0.0.0:2888:3888");
        assertThat(entries(spec(0).files().get("hosts").apply(ctx))).isEmpty();
        assertThat(spec(0).args().apply(ctx)).hasSize(3);
    }

    @Test
    void aServersHostsFileMapsItsOwnNameToItsAddressAndEveryPeersToTheWildcard() {
        String hosts = spec(1).files().get("hosts").apply(context(1, ZooKeeperConfigTest::proxy));
        assertThat(entries(hosts)).containsExactly("127.0.0.3 zk2", "0.0.0.0 zk1", "0.0.0.0 zk3", "127.0.0.1 localhost");
    }

    /**
     * What ZooKeeperConfig relies on, with ZooKeeper's own classes in JVMs given the rendered hosts
     * files: zk1 binds its election port on its own address only and announces its name; zk2
     * discards that announcement (so it dials the proxy of its own zoo.cfg), while it would keep a
     * real address — the check can fail.
     */
    @Test
    void aServerBindsItsOwnAddressAndItsAnnouncementIsDiscardedByItsPeers() throws Exception {
        Path zk1 = write(0);
        Path zk2 = write(1);
        assertThat(ElectionAddressProbe.run(zk1, zk1.resolve("hosts"), "zk1:3888"))
                .containsExactly("binds 127.0.0.2:3888 127.0.0.2:2888", "announces zk1:3888", "keeps [zk1/127.0.0.2:3888]");
        assertThat(ElectionAddressProbe.run(zk2, zk2.resolve("hosts"), "zk1:3888"))
                .containsExactly("binds 127.0.0.3:3888 127.0.0.3:2888", "announces zk2:3888", "keeps []");
        assertThat(ElectionAddressProbe.run(zk2, zk2.resolve("hosts"), "127.0.0.2:3888"))
                .last().isEqualTo("keeps [/127.0.0.2:3888]");
    }

    @Test
    void noServerNamesAPeersOwnAddress() throws IOException {
        String cfg = spec(0).files().get("zoo.cfg").apply(context(0, ZooKeeperConfigTest::proxy));
        assertThat(cfg).doesNotContain("127.0.0.3").doesNotContain("127.0.0.4");
    }

    @Test
    void clientsAndDataStayOnTheNodesOwnAddressAndDirectory() throws IOException {
        Properties cfg = render(1, ZooKeeperConfigTest::proxy);
        assertThat(cfg.getProperty("clientPort")).isEqualTo("2181");
        assertThat(cfg.getProperty("clientPortAddress")).isEqualTo("127.0.0.3");
        assertThat(cfg.getProperty("dataDir")).isEqualTo("/runs/zk2/data");
        assertThat(cfg.getProperty("tickTime")).isEqualTo("200");
        assertThat(cfg.getProperty("initLimit")).isEqualTo("10");
        assertThat(cfg.getProperty("syncLimit")).isEqualTo("5");
        assertThat(cfg.getProperty("standaloneEnabled")).isEqualTo("false");
        assertThat(cfg.getProperty("reconfigEnabled")).isEqualTo("false");
        assertThat(cfg.getProperty("admin.enableServer")).isEqualTo("false");
        assertThat(cfg.getProperty("4lw.commands.whitelist")).contains("srvr");
    }

    @Test
    void theNodeStartsWithItsConfigServerIdAndWhereToServeItsQuorumBeans() {
        NodeContext ctx = context(2, ZooKeeperConfigTest::proxy);
        assertThat(spec(2).args().apply(ctx))
                .containsExactly("/runs/zk3/config/zoo.cfg", "3", "127.0.0.4:7070", "/runs/zk3/config/hosts");
    }

    @Test
    void theQuorumBeansPortIsNeitherAPeerNorAClientPortSoNoProxyStandsBeforeIt() {
        for (NodeSpec node : ZK.nodes()) {
            assertThat(node.ports()).containsKey("quorum-beans");
            assertThat(node.peerPorts()).doesNotContain("quorum-beans");
            assertThat(node.clientPorts()).doesNotContain("quorum-beans");
        }
    }

    @Test
    void quorumAndElectionPortsAreDeclaredPeerPortsSoEveryLinkGetsAProxy() {
        for (NodeSpec node : ZK.nodes()) {
            assertThat(node.peerPorts()).containsExactlyInAnyOrder("quorum", "election");
            assertThat(node.clientPorts()).containsExactly("client");
        }
        assertThat(ZK.nodeNames()).containsExactly("zk1", "zk2", "zk3");
        assertThat(ZK.leader()).isPresent();
    }

    @Test
    void proxiesOfOneLinkOnDifferentHostsCannotBeWritten() {
        NodeContext ctx = context(0, (link, port) -> (port.equals("quorum") ? "10.0.0.1:" : "10.0.0.2:") + 9000);
        assertThatThrownBy(() -> spec(0).files().get("zoo.cfg").apply(ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("zk1 reaches zk2's quorum port through 10.0.0.1:9000")
                .hasMessageContaining("both proxies of a link on one host");
    }

    /** Node {@code index}'s zoo.cfg, hosts file and myid, in its own directory that is also its data directory. */
    private Path write(int index) throws IOException {
        Path home = Files.createDirectories(dir.resolve("zk" + (index + 1)));
        NodeContext ctx = new FakeContext(index, ZooKeeperConfigTest::proxy, "127.0.0." + (index + 2)) {
            @Override
            public String dataDir() {
                return home.toString();
            }
        };
        Files.writeString(home.resolve("zoo.cfg"), spec(index).files().get("zoo.cfg").apply(ctx));
        Files.writeString(home.resolve("hosts"), spec(index).files().get("hosts").apply(ctx));
        Files.writeString(home.resolve("myid"), (index + 1) + "\n");
        return home;
    }

    private static List<String> entries(String hosts) {
        return hosts.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    private static NodeSpec spec(int index) {
        return ZK.nodes().get(index);
    }

    private static Properties render(int index, BiFunction<int[], String, String> proxies) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(spec(index).files().get("zoo.cfg").apply(context(index, proxies))));
        return p;
    }

    /** A made-up proxy port for the link from node i to node j's port: 2xyz, distinct for each. */
    private static int port(int from, int to, String port) {
        return 20000 + 100 * from + 10 * to + (port.equals("quorum") ? 1 : 2);
    }

    private static String proxy(int[] link, String port) {
        return "127.0.0.1:" + port(link[0], link[1], port);
    }

    private static NodeContext context(int index, BiFunction<int[], String, String> proxies) {
        return new FakeContext(index, proxies, "127.0.0." + (index + 2));
    }

    /**
     * What a backend would give node {@code index}: the process backend binds 127.0.0.(index + 2), a
     * container 0.0.0.0; data and config under /runs.
     */
    private static class FakeContext implements NodeContext {
        private final int index;
        private final BiFunction<int[], String, String> proxies;
        private final String bindHost;

        FakeContext(int index, BiFunction<int[], String, String> proxies, String bindHost) {
            this.index = index;
            this.proxies = proxies;
            this.bindHost = bindHost;
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public String name() {
            return nodes().get(index);
        }

        @Override
        public List<String> nodes() {
            return ZK.nodeNames();
        }

        @Override
        public String bindHost() {
            return bindHost;
        }

        @Override
        public int port(String port) {
            Map<String, Integer> ports = spec(index).ports();
            return ports.get(port);
        }

        @Override
        public String self(String port) {
            return bindHost() + ":" + port(port);
        }

        @Override
        public String peer(String node, String port) {
            return proxies.apply(new int[] {index, nodes().indexOf(node)}, port);
        }

        @Override
        public String dataDir() {
            return "/runs/" + name() + "/data";
        }

        @Override
        public String file(String fileName) {
            return "/runs/" + name() + "/config/" + fileName;
        }
    }
}
