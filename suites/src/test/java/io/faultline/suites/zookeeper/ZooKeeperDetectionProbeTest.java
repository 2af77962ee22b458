package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.DetectionProbe;
import io.faultline.harness.RunClock;
import io.faultline.suites.StandInCluster;
import io.faultline.suites.StandInNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probe against three scripted servers, each answering {@code srvr} and its quorum beans on
 * loopback sockets as the test says: which events reach the sink, by whom, about whom. No timing
 * is asserted; the test waits (up to seconds) for each expected event.
 */
class ZooKeeperDetectionProbeTest {
    private static final long PATIENCE_MILLIS = 5_000;

    private final List<ScriptedServer> servers = List.of(new ScriptedServer("zk1"), new ScriptedServer("zk2"), new ScriptedServer("zk3"));
    private final Recorded sink = new Recorded();
    private final ZooKeeperDetectionProbe probe = ZooKeeperDetectionProbe.create();

    @AfterEach
    void stop() throws IOException {
        probe.stop();
        for (ScriptedServer s : servers) {
            s.close();
        }
    }

    private ScriptedServer zk(int id) {
        return servers.get(id - 1);
    }

    /** A settled ensemble: zk3 leads zk1 and zk2. */
    private void settled() {
        zk(1).answer(following(1, 3));
        zk(2).answer(following(2, 3));
        zk(3).answer(leading(3, 1, 2));
    }

    @Test
    void aLeaderThatLosesAFollowerSuspectsItAndTheFollowerItsLeaderUntilTheyMeetAgain() throws Exception {
        settled();
        probe.start(new StandInCluster(ZooKeeperCluster.ensemble(servers.size()), servers), RunClock.start(), sink);
        sink.awaitPolls(servers);

        zk(3).answer(leading(3, 1));
        sink.await("suspect zk3 zk2");
        zk(2).answer(looking(2, 2));
        sink.await("suspect zk2 zk3");
        zk(2).answer(following(2, 3));
        zk(3).answer(leading(3, 1, 2));
        sink.await("trust zk2 zk3");
        sink.await("trust zk3 zk2");

        // each server has its own polling thread, so the two trusts may come in either order
        assertThat(sink.events()).hasSize(4).startsWith("suspect zk3 zk2", "suspect zk2 zk3");
    }

    @Test
    void aServerThatDoesNotAnswerHoldsNoOpinionUntilItAnswersAgain() throws Exception {
        settled();
        probe.start(new StandInCluster(ZooKeeperCluster.ensemble(servers.size()), servers), RunClock.start(), sink);
        sink.awaitPolls(servers);

        zk(1).silence(); // paused: takes the connection, never answers
        zk(1).script(looking(1, 3)); // what it would say, had it not been frozen
        zk(3).answer(leading(3, 2));
        sink.await("suspect zk3 zk1");
        sink.awaitErrorOf("zk1"); // its poll times out, and the sink hears of it
        List<String> whileSilent = sink.events();
        zk(1).speak();
        sink.await("suspect zk1 zk3");

        assertThat(whileSilent).containsExactly("suspect zk3 zk1");
        assertThat(sink.events()).containsExactly("suspect zk3 zk1", "suspect zk1 zk3");
        assertThat(sink.errors()).as("only the silent server's polls failed").allMatch(e -> e.startsWith("zk1: "));
    }

    @Test
    void stopEndsEveryPollingThread() throws Exception {
        settled();
        probe.start(new StandInCluster(ZooKeeperCluster.ensemble(servers.size()), servers), RunClock.start(), sink);
        sink.awaitPolls(servers);

        probe.stop();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("faultline-zk-probe-") && t.isAlive());
    }

    // ---- scripted answers, shaped like real ones (see answers/ and ServerViewTest) ----

    private static String[] following(int me, int leader) {
        return new String[] {"Zxid: 0x100000002\nMode: follower\n", peers(me, leader, "following")};
    }

    private static String[] leading(int me, int... synced) {
        StringBuilder beans = new StringBuilder(peers(me, me, "leading"));
        String leader = "ReplicatedServer_id" + me + "/replica." + me + "/Leader";
        beans.append(leader).append('\n');
        for (int sid : synced) {
            int port = 40_000 + sid;
            beans.append(leader).append("\tfollowerInfo\tLearnerHandler Socket[addr=/127.0.0.1,port=").append(port)
                    .append(",localport=2890] tickOfNextAckDeadline:9 synced?:true queuedPacketLength:0\n");
            beans.append(leader).append("/Learner_Connections/\"127.0.0.1:").append(port).append("\"/\"id:").append(sid).append("\"\n");
        }
        return new String[] {"Zxid: 0x100000002\nMode: leader\n", beans.toString()};
    }

    private static String[] looking(int me, int vote) {
        return new String[] {"This ZooKeeper instance is not currently serving requests\n", peers(me, vote, "leaderelection")};
    }

    private static String peers(int me, int leader, String state) {
        StringBuilder beans = new StringBuilder();
        for (int replica = 1; replica <= 3; replica++) {
            String path = "ReplicatedServer_id" + me + "/replica." + replica;
            beans.append(path).append("\tLeader\t").append(replica == leader).append('\n');
            if (replica == me) {
                beans.append(path).append("\tState\t").append(state).append('\n');
            }
        }
        return beans.toString();
    }

    // ---- fakes ----

    /** What the sink got, as "suspect observer peer" lines. */
    private static final class Recorded implements DetectionProbe.Sink {
        private final List<String> events = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();

        @Override
        public synchronized void suspect(String observer, String peer, long time) {
            events.add("suspect " + observer + " " + peer);
            notifyAll();
        }

        @Override
        public synchronized void trust(String observer, String peer, long time) {
            events.add("trust " + observer + " " + peer);
            notifyAll();
        }

        @Override
        public synchronized void error(String node, Exception error) {
            errors.add(node + ": " + error.getMessage());
            notifyAll();
        }

        synchronized List<String> errors() {
            return List.copyOf(errors);
        }

        synchronized List<String> events() {
            return List.copyOf(events);
        }

        synchronized void await(String event) throws InterruptedException {
            long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
            while (!events.contains(event) && System.currentTimeMillis() < deadline) {
                wait(50);
            }
            assertThat(events).as("events after waiting %d ms for '%s'", PATIENCE_MILLIS, event).contains(event);
        }

        synchronized void awaitErrorOf(String node) throws InterruptedException {
            long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
            while (errors.stream().noneMatch(e -> e.startsWith(node + ": ")) && System.currentTimeMillis() < deadline) {
                wait(50);
            }
            assertThat(errors).as("errors after waiting %d ms for one of %s", PATIENCE_MILLIS, node)
                    .anyMatch(e -> e.startsWith(node + ": "));
        }

        /** Until every server has been polled twice, so that the probe has seen the settled views. */
        void awaitPolls(List<ScriptedServer> servers) throws InterruptedException {
            long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
            while (servers.stream().anyMatch(s -> s.polls() < 2) && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(servers).allMatch(s -> s.polls() >= 2, "polled twice");
        }
    }

    /** A server's client port (answers {@code srvr}) and quorum-beans port, answering from a script. */
    private static final class ScriptedServer extends StandInNode implements AutoCloseable {
        private final ServerSocket client;
        private final ServerSocket beans;
        private volatile String[] answer = {"", ""};
        private volatile boolean silent;
        private volatile int polls;
        private final List<Socket> held = new ArrayList<>();

        ScriptedServer(String name) {
            super(name);
            try {
                client = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                beans = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            serve(client, 0);
            serve(beans, 1);
        }

        void answer(String[] srvrAndBeans) {
            script(srvrAndBeans);
            speak();
        }

        void script(String[] srvrAndBeans) {
            answer = srvrAndBeans;
        }

        void silence() {
            silent = true;
        }

        void speak() {
            silent = false;
        }

        int polls() {
            return polls;
        }

        private void serve(ServerSocket socket, int which) {
            Thread thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        if (silent) {
                            synchronized (held) {
                                held.add(s); // open and unanswered, as a frozen server leaves it
                            }
                            continue;
                        }
                        try (s) {
                            if (which == 0) {
                                s.getInputStream().readNBytes(4); // the word
                            }
                            OutputStream out = s.getOutputStream();
                            out.write(answer[which].getBytes(StandardCharsets.UTF_8));
                            if (which == 1) {
                                polls++;
                            }
                        }
                    } catch (IOException e) {
                        // closed, or the prober gave up
                    }
                }
            }, "scripted-" + name() + "-" + which);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            client.close();
            beans.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }

        @Override
        public String directAddress(String port) {
            ServerSocket socket = switch (port) {
                case ZooKeeperConfig.CLIENT -> client;
                case ZooKeeperConfig.BEANS -> beans;
                default -> throw new IllegalArgumentException("no port " + port);
            };
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }
}
