package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import eu.rekawek.toxiproxy.Proxy;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A thousand connections open at once through one proxy, every one echoing. */
class ManyConnectionsTest extends ConformanceSupport {
    private static final int CONNECTIONS = 1000;

    @Test
    void aThousandConcurrentConnectionsEachEchoWithoutErrors() throws Exception {
        Loopback.EchoServer echo = net.echoServer();
        Proxy proxy = proxyTo(echo.address());
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            sockets.add(net.connect(port(proxy)));
        }
        await("all " + CONNECTIONS + " connections dialled through to the echo server")
                .atMost(Duration.ofSeconds(20)).until(() -> echo.acceptedConnections() == CONNECTIONS);

        ExecutorService pool = Executors.newFixedThreadPool(200);
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(CONNECTIONS);
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket s = sockets.get(i);
                byte[] message = ByteBuffer.allocate(8).putInt(i).putInt(~i).array();
                pool.execute(() -> {
                    try {
                        go.await();
                        Loopback.roundTrip(s, message);
                    } catch (Exception e) {
                        errors.add(s.getLocalPort() + ": " + e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            go.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).as("all round trips finished").isTrue();
        } finally {
            pool.shutdownNow();
        }

        assertThat(errors).as("failed round trips").isEmpty();
        assertThat(echo.acceptedConnections()).isEqualTo(CONNECTIONS);
    }
}
