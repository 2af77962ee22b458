package io.faultline.proxy;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcpAddressTest {
    @Test
    void resolvesLikeGo() throws Exception {
        assertThat(TcpAddress.resolve("localhost:3310").toString()).isEqualTo("127.0.0.1:3310");
        assertThat(TcpAddress.resolve("127.0.0.1:0").toString()).isEqualTo("127.0.0.1:0");
        assertThat(TcpAddress.resolve("").toString()).isEqualTo(":0");
        assertThat(TcpAddress.resolve(":8080").toString()).isEqualTo(":8080");
        assertThat(TcpAddress.resolve("0.0.0.0:8666").toString()).isEqualTo("0.0.0.0:8666");
        assertThat(TcpAddress.resolve("[::1]:80").toString()).isEqualTo("[::1]:80");
        assertThat(TcpAddress.resolve("localhost:").toString()).isEqualTo("127.0.0.1:0");
    }

    @Test
    void refusesWithGoMessages() {
        assertThatThrownBy(() -> TcpAddress.resolve("local373")).hasMessage("address local373: missing port in address");
        assertThatThrownBy(() -> TcpAddress.resolve("1:2:3")).hasMessage("address 1:2:3: too many colons in address");
        assertThatThrownBy(() -> TcpAddress.resolve("[::1")).hasMessage("address [::1: missing ']' in address");
        assertThatThrownBy(() -> TcpAddress.resolve("[::1]")).hasMessage("address [::1]: missing port in address");
        assertThatThrownBy(() -> TcpAddress.resolve("a]:1")).hasMessage("address a]:1: unexpected ']' in address");
        assertThatThrownBy(() -> TcpAddress.resolve("127.0.0.1:70000")).hasMessage("address 70000: invalid port");
        assertThatThrownBy(() -> TcpAddress.resolve("127.0.0.1:-1")).hasMessage("address -1: invalid port");
        assertThatThrownBy(() -> TcpAddress.resolve("no-such-host.invalid:1"))
                .hasMessage("lookup no-such-host.invalid: no such host");
    }

    @Test
    void writesIpv6AsGoDoes() throws Exception {
        assertThat(TcpAddress.ipString(InetAddress.getByName("::"))).isEqualTo("::");
        assertThat(TcpAddress.ipString(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(TcpAddress.ipString(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(TcpAddress.ipString(InetAddress.getByName("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(TcpAddress.ipString(InetAddress.getByName("fe80::")))
                .isEqualTo("fe80::");
    }
}
