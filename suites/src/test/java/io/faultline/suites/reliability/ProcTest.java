package io.faultline.suites.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the campaigns read /proc: which listener is on loopback, and whose it is. */
class ProcTest {
    @Test
    void loopbackIsTheWhole127BlockAndIpv6Loopback() {
        assertThat(Proc.isLoopback("0100007F:1F90")).as("127.0.0.1").isTrue();
        assertThat(Proc.isLoopback("0401007F:1F90")).as("127.0.1.4").isTrue();
        assertThat(Proc.isLoopback("00000000000000000000000001000000:1F90")).as("::1").isTrue();
        assertThat(Proc.isLoopback("0000000000000000FFFF00000201007F:1F90")).as("::ffff:127.0.1.2").isTrue();
        assertThat(Proc.isLoopback("00000000:1F90")).as("0.0.0.0").isFalse();
        assertThat(Proc.isLoopback("0100000A:1F90")).as("10.0.0.1").isFalse();
        assertThat(Proc.isLoopback("00000000000000000000000000000000:1F90")).as("::").isFalse();
        assertThat(Proc.isLoopback("0000000000000000FFFF00000100000A:1F90")).as("::ffff:10.0.0.1").isFalse();
    }

    @Test
    void anAddressIsShownAsPeopleWriteIt() {
        assertThat(Proc.address("0401007F:1F90")).isEqualTo("127.0.1.4:8080");
        assertThat(Proc.address("00000000000000000000000001000000:0050")).isEqualTo("[00000000000000000000000001000000]:80");
    }

    @Test
    void thisJvmsListenerIsFoundAmongItsSockets() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = String.format(":%04X", server.getLocalPort());
            String self = Long.toString(ProcessHandle.current().pid());
            List<String> ours = Proc.socketInodes(self).stream().map(Proc.listenersByInode()::get)
                    .filter(a -> a != null && a.endsWith(port)).toList();

            assertThat(ours).singleElement().satisfies(a -> assertThat(Proc.isLoopback(a)).isTrue());
            assertThat(Proc.commandLine(self, 20)).hasSizeLessThanOrEqualTo(23).isNotBlank();
            assertThat(Proc.run(List.of("no-such-tool-here"))).as("a missing tool finds nothing").isEmpty();
        }
    }
}
