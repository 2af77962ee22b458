package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dump of beans shaped like ZooKeeper's (same names, attributes and operation), registered in
 * this JVM as a leader with one learner; ServerViewTest parses what real servers served.
 */
class QuorumBeansServerTest {
    private static final String PEER = "org.apache.ZooKeeperService:name0=ReplicatedServer_id9,name1=replica.";
    private final MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectName> registered = new ArrayList<>();

    public interface PeerMXBean {
        String getState();

        boolean isLeader();

        String getLearnerType();
    }

    public interface LeaderMXBean {
        String getCurrentZxid();

        String followerInfo();
    }

    public interface LearnerConnectionMXBean {
        void terminateConnection();
    }

    private void register(Object bean, String name) throws Exception {
        ObjectName objectName = new ObjectName(name);
        beans.registerMBean(bean, objectName);
        registered.add(objectName);
    }

    @AfterEach
    void unregister() throws Exception {
        for (ObjectName name : registered) {
            beans.unregisterMBean(name);
        }
    }

    private void registerLeaderWithOneLearner() throws Exception {
        register(new PeerMXBean() {
            public String getState() {
                return "leading";
            }

            public boolean isLeader() {
                return true;
            }

            public String getLearnerType() {
                return "PARTICIPANT";
            }
        }, PEER + "9");
        register(new LeaderMXBean() {
            public String getCurrentZxid() {
                return "0x300000002";
            }

            public String followerInfo() {
                return "LearnerHandler Socket[addr=/127.0.0.1,port=47988,localport=2890] tickOfNextAckDeadline:5 synced?:true queuedPacketLength:0\n";
            }
        }, PEER + "9,name2=Leader");
        register((LearnerConnectionMXBean) () -> { }, PEER + "9,name2=Leader,name3=Learner_Connections,name4=\"127.0.0.1:47988\",name5=\"id:1\"");
        // deeper beans, such as a client connection's, are left out
        register((LearnerConnectionMXBean) () -> { }, PEER + "9,name2=Leader,name3=Connections,name4=127.0.0.1,name5=0x1000,name6=x");
    }

    @Test
    void dumpsPeersLeaderAndLearnerConnectionsAsPathsAndAttributes() throws Exception {
        registerLeaderWithOneLearner();

        List<String> ours = QuorumBeansServer.dump(beans).lines().filter(l -> l.startsWith("ReplicatedServer_id9/")).toList();

        assertThat(ours).containsExactly(
                "ReplicatedServer_id9/replica.9",
                "ReplicatedServer_id9/replica.9\tLeader\ttrue",
                "ReplicatedServer_id9/replica.9\tLearnerType\tPARTICIPANT",
                "ReplicatedServer_id9/replica.9\tState\tleading",
                "ReplicatedServer_id9/replica.9/Leader",
                "ReplicatedServer_id9/replica.9/Leader\tfollowerInfo\tLearnerHandler Socket[addr=/127.0.0.1,port=47988,localport=2890]"
                        + " tickOfNextAckDeadline:5 synced?:true queuedPacketLength:0",
                "ReplicatedServer_id9/replica.9/Leader/Learner_Connections/\"127.0.0.1:47988\"/\"id:1\"");
    }

    @Test
    void servesTheDumpToWhoeverConnects() throws Exception {
        registerLeaderWithOneLearner();
        int port = QuorumBeansServer.start("127.0.0.1", 0);

        String answer = FourLetterWords.listen("127.0.0.1:" + port);

        assertThat(answer).contains("ReplicatedServer_id9/replica.9\tState\tleading\n");
        assertThat(ServerView.parse("Mode: leader\n", answer).syncedLearners()).contains(1L);
    }
}
