package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.harness.ClusterSpec;
import io.faultline.harness.NodeContext;
import io.faultline.harness.NodeSpec;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class ZooKeeperConfigTest {
    private static final ClusterSpec ZK = ZooKeeperCluster.ensemble(3);

    @Test
    void eachServerReachesEveryPeerThroughThatLinksProxies() throws IOException {
        for (int i = 0; i < 3; i++) {
            Properties cfg = render(i, ZooKeeperConfigTest::proxy);
            for (int j = 0; j < 3; j++) {
                String expected = i == j
                        ? "0.0.0.0:" + (2888 + i) + ":" + (3888 + i)
                        : "127.0.0.1:" + port(i, j, "quorum") + ":" + port(i, j, "election");
                assertThat(cfg.getProperty("server." + (j + 1))).as("server.%d in zk%d's zoo.cfg", j + 1, i + 1)
                        .isEqualTo(expected);
            }
        }
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
        assertThat(spec(2).args().apply(ctx)).containsExactly("/runs/zk3/config/zoo.cfg", "3", "127.0.0.4:7070");
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
        return new FakeContext(index, proxies);
    }

    /** What the process backend would give node {@code index}: 127.0.0.(index + 2), data and config under /runs. */
    private record FakeContext(int index, BiFunction<int[], String, String> proxies) implements NodeContext {
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
            return "127.0.0." + (index + 2);
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
