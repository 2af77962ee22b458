package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FourLetterWordsTest {

    @Test
    void srvrTellsTheServersMode(@TempDir Path dir) throws Exception {
        try (StandaloneZooKeeper zk = new StandaloneZooKeeper(dir)) {
            String srvr = FourLetterWords.srvr(zk.address());

            assertThat(FourLetterWords.field(srvr, "Mode")).hasValue("standalone");
            assertThat(FourLetterWords.field(srvr, "Zxid")).hasValueSatisfying(z -> assertThat(z).startsWith("0x"));
            assertThat(FourLetterWords.field(srvr, "Nonsense")).isEmpty();
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsGivenUpOnQuickly() throws Exception {
        // Accepts connections (the kernel's backlog does) but never reads or answers: a paused server.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> FourLetterWords.srvr("127.0.0.1:" + silent.getLocalPort()))
                    .isInstanceOf(IOException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2 * FourLetterWords.TIMEOUT.toMillis());
        }
    }
}
