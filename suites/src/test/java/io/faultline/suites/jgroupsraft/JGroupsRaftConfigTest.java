package io.faultline.suites.jgroupsraft;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.ClusterSpec;
import io.faultline.harness.NodeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jgroups.JChannel;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.raft.RAFT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JGroupsRaftConfigTest {
    private static final ClusterSpec RAFT3 = JGroupsRaftCluster.group(3, JGroupsRaftConfig.linearizable());

    @Test
    void theStackListsEveryMemberByItsOwnAddressAndBindsItsOwn() {
        String xml = JGroupsRaftConfig.linearizable().render(new FakeContext(1, "/tmp/n2"));

        assertThat(xml).contains("bind_addr=\"127.0.0.3\" bind_port=\"7800\"")
                .contains("initial_hosts=\"127.0.0.2[7800],127.0.0.3[7800],127.0.0.4[7800]\"")
                .contains("members=\"n1,n2,n3\" raft_id=\"n2\"")
                .contains("log_use_fsync=\"true\"");
    }

    /** JGroups rejects a stack with an unknown protocol or property when it builds it, before any socket is bound. */
    @Test
    void jgroupsAcceptsTheRenderedStack(@TempDir Path dir) throws Exception {
        Path xml = Files.writeString(dir.resolve("raft.xml"), JGroupsRaftConfig.defaults().render(new FakeContext(0, dir.toString())));

        try (JChannel channel = new JChannel(xml.toString())) {
            RAFT raft = channel.getProtocolStack().findProtocol(RAFT.class);
            assertThat(raft.raftId()).isEqualTo("n1");
            assertThat(raft.members()).containsExactly("n1", "n2", "n3");
            assertThat((Object) channel.getProtocolStack().findProtocol(TCP.class)).isNotNull();
        }
    }

    private record FakeContext(int index, String data) implements NodeContext {
        @Override
        public String name() {
            return nodes().get(index);
        }

        @Override
        public List<String> nodes() {
            return RAFT3.nodeNames();
        }

        @Override
        public String bindHost() {
            return self(JGroupsRaftConfig.RAFT).split(":")[0];
        }

        @Override
        public int port(String port) {
            return RAFT3.nodes().get(index).ports().get(port);
        }

        @Override
        public String self(String port) {
            return peer(name(), port);
        }

        @Override
        public String peer(String node, String port) {
            return "127.0.0." + (nodes().indexOf(node) + 2) + ":" + RAFT3.node(node).ports().get(port);
        }

        @Override
        public String dataDir() {
            return data;
        }

        @Override
        public String file(String fileName) {
            return data + "/" + fileName;
        }
    }
}
