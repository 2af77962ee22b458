package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.suites.zookeeper.ServerOpinions.Change;
import io.faultline.suites.zookeeper.ServerView.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The suspicion rules of {@link ZooKeeperDetectionProbe}, on scripted views of server 1 of three. */
class ServerOpinionsTest {
    private final ServerOpinions opinions = new ServerOpinions(Set.of(2L, 3L));

    private static ServerView following(long leader) {
        return new ServerView(Role.FOLLOWING, leader, Set.of());
    }

    private static ServerView leading(Long... synced) {
        return new ServerView(Role.LEADING, -1, Set.of(synced));
    }

    private static final ServerView LOOKING = new ServerView(Role.LOOKING, -1, Set.of());

    private static Change suspect(long peer) {
        return new Change(peer, true);
    }

    private static Change trust(long peer) {
        return new Change(peer, false);
    }

    @Test
    void aFollowerSuspectsItsLeaderFromWhenItLooksUntilItFollowsAgain() {
        assertThat(opinions.update(following(3))).isEmpty();
        assertThat(opinions.update(following(3))).isEmpty();
        assertThat(opinions.update(LOOKING)).containsExactly(suspect(3));
        assertThat(opinions.update(LOOKING)).isEmpty();
        assertThat(opinions.update(following(2))).containsExactly(trust(3));
    }

    @Test
    void aFollowerHasNoOpinionOfTheOtherFollowers() {
        assertThat(opinions.update(following(3))).isEmpty();
        assertThat(opinions.update(following(3))).doesNotContain(suspect(2));
    }

    @Test
    void aLeaderSuspectsAVotingServerThatIsNotASyncedLearnerUntilItIs() {
        assertThat(opinions.update(leading(2L, 3L))).isEmpty();
        assertThat(opinions.update(leading(3L))).containsExactly(suspect(2));
        assertThat(opinions.update(leading(3L))).isEmpty();
        assertThat(opinions.update(leading(2L, 3L))).containsExactly(trust(2));
    }

    @Test
    void aNewLeaderSuspectsTheServersThatHaveNotJoinedIt() {
        assertThat(opinions.update(leading(3L))).containsExactly(suspect(2));
    }

    @Test
    void aLeaderThatLosesItsQuorumSuspectsItsLearnersUntilItFollows() {
        opinions.update(leading(2L, 3L));
        assertThat(opinions.update(leading(3L))).containsExactly(suspect(2));
        assertThat(opinions.update(LOOKING)).containsExactly(suspect(3));
        assertThat(opinions.update(following(2))).containsExactlyInAnyOrder(trust(2), trust(3));
    }

    @Test
    void unsettledViewsChangeNothing() {
        opinions.update(following(3));
        assertThat(opinions.update(ServerView.unsettled())).isEmpty();
        assertThat(opinions.update(LOOKING)).containsExactly(suspect(3));
        assertThat(opinions.update(ServerView.unsettled())).isEmpty();
        assertThat(opinions.update(following(3))).containsExactly(trust(3));
    }

    @Test
    void aServerFirstSeenLookingSuspectsNobody() {
        assertThat(opinions.update(LOOKING)).isEmpty();
        assertThat(opinions.update(following(2))).isEmpty();
    }

    @Test
    void aLeaderChangeWithNoElectionSeenIsASuspicionAndATrustAtOnce() {
        opinions.update(following(3));
        assertThat(opinions.update(following(2))).containsExactly(suspect(3), trust(3));
        // it stopped following 2 to lead, and 2 has not joined it
        assertThat(opinions.update(leading(3L))).containsExactly(suspect(2));
    }

    @Test
    void learnersThatAreNotPeersAreIgnored() {
        assertThat(opinions.update(leading(2L, 3L, 9L))).isEmpty();
        assertThat(opinions.update(leading(3L, 9L))).containsExactly(suspect(2));
    }
}
