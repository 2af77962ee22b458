package io.faultline.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    private static Properties minimal() {
        Properties p = new Properties();
        p.setProperty("node.id", "n1");
        p.setProperty("peer.bind", "127.0.0.2:7100");
        p.setProperty("client.bind", "127.0.0.2:7200");
        p.setProperty("peers", "n2=127.0.0.1:9002, n3=proxy-n1-n3:9003");
        p.setProperty("data.dir", "/tmp/n1");
        return p;
    }

    @Test
    void readsAFileAndFillsInTheDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("n1.properties");
        try (var out = Files.newBufferedWriter(file)) {
            minimal().store(out, null);
        }
        Config c = Config.load(file);

        assertThat(c.nodeId()).isEqualTo("n1");
        assertThat(c.peers()).containsOnlyKeys("n2", "n3");
        assertThat(c.peers().get("n3").getHostString()).isEqualTo("proxy-n1-n3");
        assertThat(c.peers().get("n3").isUnresolved()).as("looked up at each connection").isTrue();
        assertThat(c.detectorMode()).isEqualTo(Config.DetectorMode.PASSIVE);
        assertThat(c.detectorStrategy()).isEqualTo(Config.DetectorStrategy.FIXED);
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.detectorTimeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(c.phiThreshold()).isEqualTo(8.0);
        assertThat(c.phiWindow()).isEqualTo(100);
        assertThat(c.indirectK()).isEqualTo(1);
        assertThat(c.recovery()).isEqualTo(Config.Recovery.CATCHUP);
        assertThat(c.standby()).isFalse();
        assertThat(c.checkpointEvery()).isEqualTo(100);
        assertThat(c.bugAckBeforeReplicate() || c.bugStaleFollowerReads() || c.bugPromoteWithoutQuorum()).isFalse();
    }

    @Test
    void readsEverySwitch() {
        Properties p = minimal();
        p.setProperty("detector.mode", "hybrid");
        p.setProperty("detector.strategy", "PHI");
        p.setProperty("recovery", "standby");
        p.setProperty("standby", "true");
        p.setProperty("bug.promote-without-quorum", "true");
        Config c = Config.parse(p);

        assertThat(c.detectorMode()).isEqualTo(Config.DetectorMode.HYBRID);
        assertThat(c.detectorStrategy()).isEqualTo(Config.DetectorStrategy.PHI);
        assertThat(c.recovery()).isEqualTo(Config.Recovery.STANDBY);
        assertThat(c.standby()).isTrue();
        assertThat(c.bugPromoteWithoutQuorum()).isTrue();
    }

    @Test
    void aMisspeltKeyIsAnErrorRatherThanASwitchSilentlyLeftOff() {
        Properties p = minimal();
        p.setProperty("bug.ack-before-replicat", "true");
        assertThatThrownBy(() -> Config.parse(p)).hasMessageContaining("unknown key 'bug.ack-before-replicat'")
                .hasMessageContaining("bug.ack-before-replicate");
    }

    @Test
    void badValuesSayWhatIsExpected() {
        Properties mode = minimal();
        mode.setProperty("detector.mode", "gossip");
        assertThatThrownBy(() -> Config.parse(mode)).hasMessage("detector.mode must be one of [active, passive, hybrid], was 'gossip'");

        Properties flag = minimal();
        flag.setProperty("standby", "yes");
        assertThatThrownBy(() -> Config.parse(flag)).hasMessage("standby must be true or false, was 'yes'");

        Properties missing = minimal();
        missing.remove("data.dir");
        assertThatThrownBy(() -> Config.parse(missing)).hasMessage("missing required key 'data.dir'");

        Properties peers = minimal();
        peers.setProperty("peers", "n2:9002");
        assertThatThrownBy(() -> Config.parse(peers)).hasMessageContaining("must look like n2=host:port");
    }

    @Test
    void aStandbyNeedsARecoveryStrategyThatPromotesIt() {
        Properties p = minimal();
        p.setProperty("standby", "true");
        assertThatThrownBy(() -> Config.parse(p)).hasMessageContaining("standby=true needs recovery=standby or recovery=hybrid");
    }

    @Test
    void aNodeIsNotItsOwnPeer() {
        Properties p = minimal();
        p.setProperty("peers", "n1=127.0.0.1:9001,n2=127.0.0.1:9002");
        assertThatThrownBy(() -> Config.parse(p)).hasMessageContaining("lists this node itself");
    }
}
