package io.faultline.harness.backend.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackBlockTest {

    @TempDir
    Path runs;

    @Test
    void runsAtOnceGetDifferentBlocksAndAGivenBackBlockIsReused() throws Exception {
        try (LoopbackBlock first = LoopbackBlock.claim(runs)) {
            assertThat(first.nodeAddress(0)).isEqualTo("127.0.0.2");
            assertThat(first.proxyAddress()).isEqualTo("127.0.0.1");
            LoopbackBlock second = LoopbackBlock.claim(runs);
            assertThat(second.block()).isEqualTo(1);
            assertThat(second.nodeAddress(2)).isEqualTo("127.0.1.4");
            assertThat(second.proxyAddress()).isEqualTo("127.0.1.1");
            second.close();
            try (LoopbackBlock third = LoopbackBlock.claim(runs)) {
                assertThat(third.block()).isEqualTo(1);
            }
        }
    }

    @Test
    void aBlockHeldByAKilledJvmIsFreeAgain() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldBlock.class.getName(), runs.toString())
                .redirectErrorStream(true).start();
        try {
            assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine()).isEqualTo("held 0");
            try (LoopbackBlock whileHeld = LoopbackBlock.claim(runs)) {
                assertThat(whileHeld.block()).isEqualTo(1);
            }
        } finally {
            holder.destroyForcibly().waitFor();
        }
        try (LoopbackBlock afterKill = LoopbackBlock.claim(runs)) {
            assertThat(afterKill.block()).isZero();
        }
    }

    @Test
    void aNodeIndexOutsideTheBlockIsRefused() throws Exception {
        try (LoopbackBlock block = LoopbackBlock.claim(runs)) {
            assertThatThrownBy(() -> block.nodeAddress(253)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".254");
        }
    }

    /** Claims a block, says which, and holds it until killed. */
    public static final class HoldBlock {
        public static void main(String[] args) throws Exception {
            LoopbackBlock block = LoopbackBlock.claim(Path.of(args[0]));
            System.out.println("held " + block.block());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
