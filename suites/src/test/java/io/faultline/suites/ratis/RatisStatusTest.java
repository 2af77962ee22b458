package io.faultline.suites.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RatisStatusTest {

    @Test
    void aLeadersLineCarriesEachFollowersSilence() {
        RatisStatus status = new RatisStatus("LEADER", 3, "n1", Map.of("n2", 12L));

        RatisStatus parsed = RatisStatus.parse(status.line());

        assertThat(parsed).isEqualTo(status);
        assertThat(parsed.isLeader()).isTrue();
    }

    @Test
    void aCandidateKnowsNoLeader() {
        RatisStatus parsed = RatisStatus.parse("role=CANDIDATE term=7 leader= followers=");

        assertThat(parsed.leader()).isEmpty();
        assertThat(parsed.followerSilenceMillis()).isEmpty();
        assertThat(parsed.isLeader()).isFalse();
    }

    @Test
    void aLineWithoutRoleOrTermIsRefused() {
        assertThatThrownBy(() -> RatisStatus.parse("hello")).hasMessageContaining("not a Ratis status line");
    }
}
