package io.faultline.harness.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What /proc says about this JVM's own sockets. */
class ProcFsTest {

    @Test
    void listenersAreReadWithTheirAddressesAndConnectionsAreNot() throws Exception {
        try (ServerSocket onLoopbackAlias = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.3"));
             ServerSocket onEveryAddress = new ServerSocket(0);
             Socket connected = new Socket("127.0.0.3", onLoopbackAlias.getLocalPort())) {

            List<ProcFs.Listener> listeners = ProcFs.listeners(ProcessHandle.current().pid()).orElseThrow();

            assertThat(listeners).contains(new ProcFs.Listener(InetAddress.getByName("127.0.0.3"), onLoopbackAlias.getLocalPort()));
            assertThat(listeners).anySatisfy(l -> {
                assertThat(l.port()).isEqualTo(onEveryAddress.getLocalPort());
                assertThat(l.address().isAnyLocalAddress()).isTrue();
            });
            assertThat(listeners).extracting(ProcFs.Listener::port).doesNotContain(connected.getLocalPort());
        }
    }

    @Test
    void aProcessThatIsGoneHasNoListenersToRead() {
        assertThat(ProcFs.listeners(Long.MAX_VALUE)).isEmpty();
    }
}
