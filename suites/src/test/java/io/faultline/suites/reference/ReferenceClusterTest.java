package io.faultline.suites.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.harness.ClusterSpec;
import io.faultline.harness.LogLineProbe;
import io.faultline.harness.NodeSpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReferenceClusterTest {
    private static final ClusterSpec CLUSTER = ReferenceCluster.of(3, ReferenceConfig.defaults());

    @Test
    void nodesRunTheReferenceNodeWithAPeerPortAndAClientPortEachBehindProxies() {
        assertThat(CLUSTER.nodeNames()).containsExactly("n1", "n2", "n3");
        for (NodeSpec node : CLUSTER.nodes()) {
            assertThat(node.peerPorts()).containsExactly("peer");
            assertThat(node.clientPorts()).containsExactly("client");
            assertThat(node.files()).containsOnlyKeys("node.properties");
            assertThat(node.launch().toString()).contains("io.faultline.reference.ReferenceNode").contains("-Xmx96m")
                    .contains("-XX:+UseSerialGC");
        }
        assertThat(CLUSTER.leader()).isPresent();
        assertThat(CLUSTER.detectionProbes()).singleElement().extracting(java.util.function.Supplier::get).isInstanceOf(LogLineProbe.class);
    }

    @Test
    void theProbeReadsTheServicesDetectLinesWithTheirNanos() {
        Matcher m = Pattern.compile(ReferenceCluster.DETECT_LINE)
                .matcher("FAULTLINE-DETECT observer=n1 peer=n2 state=suspect nanos=4417144950106");
        assertThat(m.find()).isTrue();
        assertThat(m.group("observer")).isEqualTo("n1");
        assertThat(m.group("peer")).isEqualTo("n2");
        assertThat(m.group("state")).isEqualTo("suspect");
        assertThat(m.group("nanos")).isEqualTo("4417144950106");
        assertThat(Pattern.compile(ReferenceCluster.DETECT_LINE)
                .matcher("FAULTLINE-ROLE node=n1 role=leader term=4 leader=n1 nanos=1").find()).isFalse();
    }

    @Test
    void aStandbyMustBeANodeOfTheCluster() {
        assertThatThrownBy(() -> ReferenceCluster.of(3, ReferenceConfig.defaults().withStandby("n4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the standby n4 is not a node; the nodes are [n1, n2, n3]");
    }
}
