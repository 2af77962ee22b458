package io.faultline.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * A node dials its peers from the address it listens on: kernel cuts between nodes on loopback
 * (Faultline's KERNEL network mode, process backend) match the pair of the nodes' own addresses, and
 * a link the kernel gave 127.0.0.1 as its source passed under them — the leftovers campaign's
 * kernel-mode runs of the reference service were never cut.
 */
class PeerLinkTest {
    @Test
    void aLinkDialsFromTheNodesOwnAddress() throws Exception {
        try (ServerSocket peer = new ServerSocket()) {
            peer.bind(new InetSocketAddress("127.0.0.3", 0));
            PeerLink link = new PeerLink("n1", "n2", new InetSocketAddress("127.0.0.3", peer.getLocalPort()), "127.0.0.2");
            link.start();
            try (Socket accepted = peer.accept()) {
                assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo("127.0.0.2");
            } finally {
                link.close();
            }
        }
    }
}
