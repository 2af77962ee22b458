package io.faultline.suites.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.harness.NodeContext;
import io.faultline.suites.reference.ReferenceConfig.Bug;
import io.faultline.suites.reference.ReferenceConfig.DetectorMode;
import io.faultline.suites.reference.ReferenceConfig.DetectorStrategy;
import io.faultline.suites.reference.ReferenceConfig.Recovery;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ReferenceConfigTest {

    @Test
    void eachNodeBindsItsOwnAddressAndReachesEveryPeerThroughThatLinksProxy() throws IOException {
        Properties p = render(ReferenceConfig.defaults(), 1);
        assertThat(p.getProperty("node.id")).isEqualTo("n2");
        assertThat(p.getProperty("peer.bind")).isEqualTo("127.0.0.3:7100");
        assertThat(p.getProperty("client.bind")).isEqualTo("127.0.0.3:7200");
        assertThat(p.getProperty("peers")).isEqualTo("n1=127.0.0.1:20210,n3=127.0.0.1:20212");
        assertThat(p.getProperty("data.dir")).isEqualTo("/runs/n2/data");
    }

    @Test
    void theDefaultsAreAPassiveFixedDetectorWithTheServicesTestTimings() throws IOException {
        Properties p = render(ReferenceConfig.defaults(), 0);
        assertThat(p.getProperty("detector.mode")).isEqualTo("passive");
        assertThat(p.getProperty("detector.strategy")).isEqualTo("fixed");
        assertThat(p.getProperty("heartbeat.interval.ms")).isEqualTo("100");
        assertThat(p.getProperty("detector.timeout.ms")).isEqualTo("600");
        assertThat(p.getProperty("recovery")).isEqualTo("catchup");
        assertThat(p.getProperty("standby")).isEqualTo("false");
        for (Bug bug : Bug.values()) {
            assertThat(p.getProperty(bug.key())).as(bug.key()).isEqualTo("false");
        }
    }

    @Test
    void everySwitchReachesTheFile() throws IOException {
        ReferenceConfig config = ReferenceConfig.defaults().withMode(DetectorMode.HYBRID).withStrategy(DetectorStrategy.PHI)
                .withHeartbeatInterval(Duration.ofMillis(50)).withDetectorTimeout(Duration.ofMillis(400))
                .withStandby("n3").withRecovery(Recovery.HYBRID).withBug(Bug.PROMOTE_WITHOUT_QUORUM)
                .withBug(Bug.STALE_FOLLOWER_READS);
        Properties p = render(config, 0);
        assertThat(p.getProperty("detector.mode")).isEqualTo("hybrid");
        assertThat(p.getProperty("detector.strategy")).isEqualTo("phi");
        assertThat(p.getProperty("heartbeat.interval.ms")).isEqualTo("50");
        assertThat(p.getProperty("detector.timeout.ms")).isEqualTo("400");
        assertThat(p.getProperty("recovery")).isEqualTo("hybrid");
        assertThat(p.getProperty("bug.promote-without-quorum")).isEqualTo("true");
        assertThat(p.getProperty("bug.stale-follower-reads")).isEqualTo("true");
        assertThat(p.getProperty("bug.ack-before-replicate")).isEqualTo("false");
        assertThat(config.describe()).isEqualTo("hybrid/phi, recovery hybrid, standby n3, bug.stale-follower-reads,"
                + " bug.promote-without-quorum");
    }

    @Test
    void phiWithResetIsPhiWithTheRemedySwitchedOn() throws IOException {
        ReferenceConfig reset = ReferenceConfig.defaults().withStrategy(DetectorStrategy.PHI_RESET);
        assertThat(render(reset, 0).getProperty("detector.strategy")).isEqualTo("phi");
        assertThat(render(reset, 0).getProperty("phi.reset-on-rejoin")).isEqualTo("true");
        assertThat(reset.describe()).isEqualTo("passive/phi-reset");
        ReferenceConfig plain = ReferenceConfig.defaults().withStrategy(DetectorStrategy.PHI);
        assertThat(render(plain, 0).getProperty("phi.reset-on-rejoin")).isEqualTo("false");
        assertThat(plain.describe()).isEqualTo("passive/phi");
    }

    @Test
    void onlyTheStandbyIsAStandby() throws IOException {
        ReferenceConfig config = ReferenceConfig.defaults().withStandby("n3");
        assertThat(config.recovery()).isEqualTo(Recovery.STANDBY);
        assertThat(render(config, 0).getProperty("standby")).isEqualTo("false");
        assertThat(render(config, 1).getProperty("standby")).isEqualTo("false");
        assertThat(render(config, 2).getProperty("standby")).isEqualTo("true");
    }

    @Test
    void aStandbyNeedsARecoveryThatPromotesIt() {
        assertThatThrownBy(() -> ReferenceConfig.defaults().withStandby("n3").withRecovery(Recovery.CATCHUP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs recovery STANDBY or HYBRID");
    }

    @Test
    void promoteWithoutQuorumNeedsAStandby() {
        assertThatThrownBy(() -> ReferenceConfig.defaults().withBug(Bug.PROMOTE_WITHOUT_QUORUM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add withStandby(node)");
    }

    @Test
    void bugsAreNamedAsTheServiceSpellsThem() {
        assertThat(Bug.ACK_BEFORE_REPLICATE.key()).isEqualTo("bug.ack-before-replicate");
        assertThat(Bug.STALE_FOLLOWER_READS.key()).isEqualTo("bug.stale-follower-reads");
        assertThat(Bug.PROMOTE_WITHOUT_QUORUM.key()).isEqualTo("bug.promote-without-quorum");
    }

    private static Properties render(ReferenceConfig config, int index) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(config.render(new FakeContext(index), "peer", "client")));
        return p;
    }

    /** What the process backend would give node {@code index} of n1..n3; the link i→j's proxy is 127.0.0.1:202ij. */
    private record FakeContext(int index) implements NodeContext {
        @Override
        public String name() {
            return nodes().get(index);
        }

        @Override
        public List<String> nodes() {
            return List.of("n1", "n2", "n3");
        }

        @Override
        public String bindHost() {
            return "127.0.0." + (index + 2);
        }

        @Override
        public int port(String port) {
            return port.equals("peer") ? 7100 : 7200;
        }

        @Override
        public String self(String port) {
            return bindHost() + ":" + port(port);
        }

        @Override
        public String peer(String node, String port) {
            return "127.0.0.1:202" + index + nodes().indexOf(node);
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
