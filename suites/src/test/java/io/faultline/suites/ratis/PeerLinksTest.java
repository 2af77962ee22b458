package io.faultline.suites.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ratis.thirdparty.io.grpc.EquivalentAddressGroup;
import org.apache.ratis.thirdparty.io.grpc.NameResolver;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.junit.jupiter.api.Test;

class PeerLinksTest {
    private final PeerLinks links = PeerLinks.of(Map.of("n2", "127.0.0.1:41002"));

    @Test
    void aPeersLogicalNameResolvesToThisServersLinkToIt() {
        assertThat(resolve("n2:6000")).containsExactly(new InetSocketAddress("127.0.0.1", 41002));
    }

    @Test
    void aNameItDoesNotKnowResolvesAsAnAddress() {
        assertThat(resolve("127.0.0.5:6000")).containsExactly(new InetSocketAddress("127.0.0.5", 6000));
    }

    @Test
    void itIsTheDefaultSchemeSoATargetWithoutOneComesHere() {
        assertThat(links.getDefaultScheme()).isEqualTo(PeerLinks.SCHEME);
        assertThat(links.newNameResolver(URI.create("dns:///n2:6000"), null)).isNull();
    }

    private List<SocketAddress> resolve(String authority) {
        List<SocketAddress> resolved = new ArrayList<>();
        NameResolver resolver = links.newNameResolver(URI.create(PeerLinks.SCHEME + ":///" + authority), null);
        resolver.start(new NameResolver.Listener2() {
            @Override
            public void onResult(NameResolver.ResolutionResult result) {
                for (EquivalentAddressGroup group : result.getAddresses()) {
                    resolved.addAll(group.getAddresses());
                }
            }

            @Override
            public void onError(Status error) {
                throw new AssertionError(error.toString());
            }
        });
        return resolved;
    }
}
