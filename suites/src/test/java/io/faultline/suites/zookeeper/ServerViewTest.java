package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.suites.zookeeper.ServerView.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parsing real answers: see {@code answers/} for what each server said. */
class ServerViewTest {

    @Test
    void aServingLeaderTrustsTheLearnersItHoldsSynced() {
        assertThat(Answers.of("leader-with-two-followers").view()).isEqualTo(new ServerView(Role.LEADING, -1, Set.of(1L, 2L)));
        assertThat(Answers.of("leader-with-one-follower").view()).isEqualTo(new ServerView(Role.LEADING, -1, Set.of(1L)));
    }

    @Test
    void aServingFollowerNamesTheLeaderItFollows() {
        assertThat(Answers.of("follower").view()).isEqualTo(new ServerView(Role.FOLLOWING, 3, Set.of()));
    }

    @Test
    void aServerInLeaderElectionIsLookingAndItsVoteIsNoLeader() {
        assertThat(Answers.of("looking").view()).isEqualTo(new ServerView(Role.LOOKING, -1, Set.of()));
    }

    @Test
    void leadingOrFollowingButNotServingYetIsUnsettled() {
        assertThat(Answers.of("following-not-serving-yet").view().role()).isEqualTo(Role.UNSETTLED);
        assertThat(Answers.of("leading-not-serving-yet").view().role()).isEqualTo(Role.UNSETTLED);
    }

    @Test
    void answersThatDisagreeBecauseTheServerChangedStateBetweenThemAreUnsettled() {
        assertThat(Answers.of("srvr-and-beans-disagree").view().role()).isEqualTo(Role.UNSETTLED);
    }

    @Test
    void aLearnerIsTrustedOnlyWhenTheLeaderSaysItsConnectionIsSyncedAndWhoseItIs() {
        String beans = Answers.of("leader-with-two-followers").beans();
        // derived from the real answer: the handler of id:2 (port 43348) past its ack deadline
        String lagging = beans.replace("port=43348,localport=2890] tickOfNextAckDeadline:128 synced?:true",
                "port=43348,localport=2890] tickOfNextAckDeadline:128 synced?:false");
        // a connection whose learner has not said who it is yet has no bean
        String anonymous = beans.lines().filter(l -> !l.endsWith("\"id:2\"")).reduce("", (a, l) -> a + l + "\n");
        // the bean of a connection already shut down, whose handler is gone
        String gone = beans.lines().filter(l -> !l.contains("port=43348")).reduce("", (a, l) -> a + l + "\n");
        String srvr = Answers.of("leader-with-two-followers").srvr();

        assertThat(lagging).isNotEqualTo(beans);
        assertThat(ServerView.parse(srvr, lagging).syncedLearners()).containsExactly(1L);
        assertThat(ServerView.parse(srvr, anonymous).syncedLearners()).containsExactly(1L);
        assertThat(ServerView.parse(srvr, gone).syncedLearners()).containsExactly(1L);
    }

    @Test
    void aLearnerConnectionFromANamedHostJoinsByItsAddress() {
        String beans = "ReplicatedServer_id1/replica.1\tState\tleading\n"
                + "ReplicatedServer_id1/replica.1/Leader\tfollowerInfo\tLearnerHandler Socket[addr=proxy.faultline/172.18.0.5,port=40112,localport=2888] tickOfNextAckDeadline:9 synced?:true queuedPacketLength:0\n"
                + "ReplicatedServer_id1/replica.1/Leader/Learner_Connections/\"172.18.0.5:40112\"/\"id:3\"\n";

        assertThat(ServerView.parse("Mode: leader\n", beans).syncedLearners()).containsExactly(3L);
    }

    @Test
    void noAnswerOrSomethingElseSaysNothing() {
        assertThat(ServerView.parse("", "").role()).isEqualTo(Role.UNSETTLED);
        assertThat(ServerView.parse("HTTP/1.1 400 Bad Request\n", "garbage\n").role()).isEqualTo(Role.UNSETTLED);
        assertThat(ServerView.parse("Mode: standalone\n", "").role()).isEqualTo(Role.UNSETTLED);
    }
}
