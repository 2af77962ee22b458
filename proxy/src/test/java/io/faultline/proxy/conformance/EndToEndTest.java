package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Toxiproxy's {@code scripts/test-e2e} flow, driven through toxiproxy-java as a user would. */
class EndToEndTest extends ConformanceSupport {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    @Test
    void a52_theE2eScriptFlowWorksEndToEnd() throws Exception {
        String upstream = net.echoServer().address();
        Proxy proxy = client.createProxy(name("e2e"), "127.0.0.1:0", upstream);

        assertThat(client.getProxies()).extracting(Proxy::getName).contains(proxy.getName());
        proxy.disable();
        assertThat(client.getProxy(proxy.getName()).isEnabled()).isFalse();
        proxy.enable();
        Proxy inspected = client.getProxy(proxy.getName());
        assertThat(inspected.isEnabled()).isTrue();
        assertThat(inspected.getUpstream()).isEqualTo(upstream);

        Latency latency = proxy.toxics().latency("latency_downstream", ToxicDirection.DOWNSTREAM, 1000);
        latency.setJitter(50);
        latency.setToxicity(0.99f);
        assertThat(proxy.toxics().get("latency_downstream", Latency.class).getJitter()).isEqualTo(50);
        Bandwidth bandwidth = proxy.toxics().bandwidth("bandwidth_upstream", ToxicDirection.UPSTREAM, 100);
        bandwidth.setRate(200);
        Timeout timeout = proxy.toxics().timeout("timeout_upstream", ToxicDirection.UPSTREAM, 100);
        timeout.setTimeout(200);
        Slicer slicer = proxy.toxics().slicer("slicer_downstream", ToxicDirection.DOWNSTREAM, 64, 100);
        slicer.setSizeVariation(32);
        ResetPeer reset = proxy.toxics().resetPeer("reset_peer_downstream", ToxicDirection.DOWNSTREAM, 100);
        reset.setToxicity(0.5f);

        assertThat(proxy.toxics().get("latency_downstream").getToxicity()).isCloseTo(0.99f, within(1e-6f));
        assertThat(proxy.toxics().get("bandwidth_upstream", Bandwidth.class).getRate()).isEqualTo(200);
        assertThat(proxy.toxics().get("timeout_upstream", Timeout.class).getTimeout()).isEqualTo(200);
        assertThat(proxy.toxics().get("slicer_downstream", Slicer.class).getSizeVariation()).isEqualTo(32);
        assertThat(proxy.toxics().get("reset_peer_downstream").getToxicity()).isEqualTo(0.5f);
        for (Toxic t : proxy.toxics().getAll()) {
            t.remove();
        }
        assertThat(proxy.toxics().getAll()).isEmpty();

        Loopback.roundTrip(net.connect(port(proxy)), PING);
        proxy.delete();
        assertThat(client.getProxyOrNull(proxy.getName())).isNull();
    }
}
