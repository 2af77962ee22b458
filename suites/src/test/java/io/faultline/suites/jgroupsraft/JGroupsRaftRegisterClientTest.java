package io.faultline.suites.jgroupsraft;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.OpType;
import io.faultline.harness.Client;
import io.faultline.harness.Cluster;
import io.faultline.harness.Completion;
import io.faultline.harness.Invocation;
import io.faultline.harness.Node;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client against a stand-in member on loopback that answers one request per connection and hangs up. */
class JGroupsRaftRegisterClientTest {

    @Test
    void aReaderWhoseMemberHungUpReadsAgainOnANewConnection() throws Exception {
        try (ServerSocket member = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Client client = JGroupsRaftRegisterClient.pinned().open(cluster(member.getLocalPort()), 0)) {
            Thread server = new Thread(() -> {
                for (int value = 5; value <= 6; value++) {
                    try (Socket s = member.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        in.readLine();
                        new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println("ok " + value);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            server.start();

            assertThat(client.invoke(Invocation.of("read", null))).isEqualTo(Completion.ok(5L));
            Completion hungUp = client.invoke(Invocation.of("read", null));
            assertThat(hungUp.type()).isEqualTo(OpType.FAIL);
            assertThat(client.invoke(Invocation.of("read", null))).isEqualTo(Completion.ok(6L));
            server.join();
        }
    }

    @Test
    void aWriteToAMemberThatCannotBeReachedFailsForNothingWasSent() throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        try (Client client = JGroupsRaftRegisterClient.pinned().open(cluster(closedPort), 0)) {
            assertThat(client.invoke(Invocation.of("write", 7L))).isEqualTo(Completion.fail(Keyword.of("no-connection")));
        }
    }

    /** One member, n1, whose client port is {@code port} on loopback. */
    private static Cluster cluster(int port) {
        Node n1 = (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "n1";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Cluster) Proxy.newProxyInstance(Cluster.class.getClassLoader(), new Class<?>[] {Cluster.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "nodes" -> List.of(n1);
                    case "clientAddress" -> InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
