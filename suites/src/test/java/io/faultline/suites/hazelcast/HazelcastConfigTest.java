package io.faultline.suites.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.spi.properties.ClusterProperty;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.NodeContext;
import io.faultline.suites.hazelcast.HazelcastConfig.Detector;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

class HazelcastConfigTest {
    private static final ClusterSpec HZ = HazelcastCluster.members(3, Settings.defaults());

    @Test
    void aMemberJoinsByTcpIpWithEveryPeerAndAdvertisesItsOwnAddress() throws Exception {
        Config config = config(1, Settings.defaults());
        var join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.2:5701", "127.0.0.4:5701");
        assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("127.0.0.3:5701");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(config.getMemberAttributeConfig().getAttribute(HazelcastConfig.NODE_ATTRIBUTE)).isEqualTo("hz2");
    }

    @Test
    void onItsOwnLoopbackAddressAMemberBindsAndDialsFromItOnly() throws Exception {
        Config config = config(0, Settings.defaults());
        assertThat(config.getProperty(HazelcastConfig.LOCAL_ADDRESS)).isEqualTo("127.0.0.2");
        assertThat(config.getProperty(ClusterProperty.SOCKET_BIND_ANY.getName())).isEqualTo("false");
        assertThat(config.getProperty(ClusterProperty.SOCKET_CLIENT_BIND_ANY.getName())).isEqualTo("false");
    }

    @Test
    void inAContainerAMemberBindsEveryAddressAndAdvertisesItsName() throws Exception {
        Config config = HazelcastConfig.toConfig(HazelcastConfig.render(new FakeContext(2, "0.0.0.0", "hz3"), Settings.defaults()));
        assertThat(config.getProperty(HazelcastConfig.LOCAL_ADDRESS)).isNull();
        assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("hz3:5701");
    }

    @Test
    void heartbeatsAndMergesAreFastAndTheDetectorIsTheSuitesChoice() throws Exception {
        Config deadline = config(0, Settings.defaults());
        assertThat(deadline.getProperty(ClusterProperty.HEARTBEAT_FAILURE_DETECTOR_TYPE.getName())).isEqualTo("deadline");
        assertThat(deadline.getProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName())).isEqualTo("1");
        assertThat(deadline.getProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName())).isEqualTo("4");
        assertThat(deadline.getProperty(ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS.getName())).isEqualTo("5");
        assertThat(deadline.getProperty(ClusterProperty.PHONE_HOME_ENABLED.getName())).isEqualTo("false");
        Config phi = config(0, Settings.defaults().withDetector(Detector.PHI_ACCRUAL));
        assertThat(phi.getProperty(ClusterProperty.HEARTBEAT_FAILURE_DETECTOR_TYPE.getName())).isEqualTo("phi-accrual");
    }

    @Test
    void cpMembersAreThreeOrNone() throws Exception {
        assertThat(config(0, Settings.defaults()).getCPSubsystemConfig().getCPMemberCount()).isZero();
        assertThat(config(0, Settings.defaults().withCpMembers(3)).getCPSubsystemConfig().getCPMemberCount()).isEqualTo(3);
        assertThatThrownBy(() -> Settings.defaults().withCpMembers(2)).hasMessageContaining("0 (unsafe mode) or at least 3");
        assertThatThrownBy(() -> HazelcastCluster.members(2, Settings.defaults().withCpMembers(3))).hasMessageContaining("cannot have 3 CP members");
    }

    @Test
    void aFileWithoutAKeySaysWhichAndHowToRenderIt() {
        assertThatThrownBy(() -> HazelcastConfig.toConfig("node=hz1\n")).hasMessageContaining("no 'bind'").hasMessageContaining("HazelcastConfig.render");
    }

    @Test
    void membersAreReadyOnceJoinedAndTheirPortServesMembersAndClients() {
        assertThat(HZ.nodeNames()).containsExactly("hz1", "hz2", "hz3");
        assertThat(HZ.nodes().get(0).peerPorts()).containsExactly(HazelcastConfig.MEMBER_PORT);
        assertThat(HZ.nodes().get(0).clientPorts()).containsExactly(HazelcastConfig.MEMBER_PORT);
        assertThat(HZ.detectionProbes()).hasSize(1);
    }

    private static Config config(int index, Settings settings) throws Exception {
        return HazelcastConfig.toConfig(HazelcastConfig.render(new FakeContext(index, "127.0.0." + (index + 2), "127.0.0." + (index + 2)), settings));
    }

    /** Node {@code index} binding {@code bind}, reached by its peers at {@code host}, peers reached directly. */
    private record FakeContext(int index, String bind, String host) implements NodeContext {
        @Override
        public String name() {
            return nodes().get(index);
        }

        @Override
        public List<String> nodes() {
            return HZ.nodeNames();
        }

        @Override
        public String bindHost() {
            return bind;
        }

        @Override
        public int port(String port) {
            return HZ.nodes().get(index).ports().get(port);
        }

        @Override
        public String self(String port) {
            return host + ":" + port(port);
        }

        @Override
        public String peer(String node, String port) {
            return "127.0.0." + (nodes().indexOf(node) + 2) + ":" + port(port);
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
