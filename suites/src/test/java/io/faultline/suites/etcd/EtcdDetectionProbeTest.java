package io.faultline.suites.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lines as etcd 3.4.23 logged them in a three-member cluster whose leader c was paused, then a was killed. */
class EtcdDetectionProbeTest {
    private static final Map<String, String> NAMES = Map.of("1443fe8899ceead9", "a", "72109cdcf54464c1", "b", "1a1bee534be9b825", "c");

    private static String raft(String msg) {
        return "{\"level\":\"info\",\"ts\":\"2026-12-06T04:36:10.123Z\",\"caller\":\"raft/node.go:325\",\"msg\":\"" + msg + "\"}";
    }

    @Test
    void theStatusGivesIdsInDecimalAndTheLogInHexadecimal() {
        assertThat(EtcdDetectionProbe.hexId("1460290566847654617")).isEqualTo("1443fe8899ceead9");
        assertThat(EtcdDetectionProbe.hexId("18446744073709551615")).isEqualTo("ffffffffffffffff");
    }

    @Test
    void aFollowerSuspectsTheLeaderItLostUntilItFollowsALeaderAgain() {
        EtcdDetectionProbe.Opinions b = new EtcdDetectionProbe.Opinions("b", NAMES);

        assertThat(b.read(raft("raft.node: 72109cdcf54464c1 elected leader 1a1bee534be9b825 at term 2"))).isEmpty();
        assertThat(b.read(raft("72109cdcf54464c1 became follower at term 3"))).isEmpty();
        assertThat(b.read(raft("raft.node: 72109cdcf54464c1 lost leader 1a1bee534be9b825 at term 3"))).containsExactly(Map.entry("c", true));
        assertThat(b.read(raft("raft.node: 72109cdcf54464c1 elected leader 1443fe8899ceead9 at term 3"))).containsExactly(Map.entry("c", false));
    }

    @Test
    void aPeerWhoseStreamFailedStaysSuspectedUntilItIsActiveAgainWhateverRaftSays() {
        EtcdDetectionProbe.Opinions b = new EtcdDetectionProbe.Opinions("b", NAMES);

        assertThat(b.read("{\"level\":\"warn\",\"msg\":\"peer became inactive (message send to peer failed)\",\"peer-id\":\"1443fe8899ceead9\","
                + "\"error\":\"failed to read 1443fe8899ceead9 on stream MsgApp v2 (unexpected EOF)\"}")).containsExactly(Map.entry("a", true));
        assertThat(b.read(raft("raft.node: 72109cdcf54464c1 lost leader 1443fe8899ceead9 at term 4"))).isEmpty();
        assertThat(b.read(raft("raft.node: 72109cdcf54464c1 elected leader 1a1bee534be9b825 at term 4"))).isEmpty();
        assertThat(b.read("{\"level\":\"info\",\"msg\":\"peer became active\",\"peer-id\":\"1443fe8899ceead9\"}"))
                .containsExactly(Map.entry("a", false));
    }

    @Test
    void aLeaderThatStepsDownHoldsNoOpinionOfItself() {
        EtcdDetectionProbe.Opinions c = new EtcdDetectionProbe.Opinions("c", NAMES);

        assertThat(c.read(raft("raft.node: 1a1bee534be9b825 changed leader from 1a1bee534be9b825 to 1443fe8899ceead9 at term 3"))).isEmpty();
        assertThat(c.read(raft("raft.node: 1a1bee534be9b825 lost leader 1a1bee534be9b825 at term 5"))).isEmpty();
    }
}
