package io.faultline.suites.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.faultline.harness.Cluster;
import io.faultline.harness.Node;
import java.util.List;

/**
 * Opens a Hazelcast client for one logical process, pinned to one member through that member's
 * client proxy (process {@code p} to member {@code p mod n}, as Jepsen gives each client its node).
 * Unisocket: a smart client would dial every member at the address the member advertises, past the
 * proxy that the client-isolation faults cut.
 */
final class HazelcastClients {
    /** How long an operation waits for its member before it fails with an exception (recorded :info). */
    static final int INVOCATION_TIMEOUT_SECONDS = 5;

    private HazelcastClients() {
    }

    static HazelcastInstance open(Cluster cluster, int process) {
        List<Node> nodes = cluster.nodes();
        String member = nodes.get(process % nodes.size()).name();
        ClientConfig config = new ClientConfig();
        config.setClusterName(HazelcastConfig.CLUSTER_NAME);
        config.setInstanceName("client-" + process + "-" + System.nanoTime());
        config.getNetworkConfig().addAddress(cluster.clientAddress(member, HazelcastConfig.MEMBER_PORT)).setSmartRouting(false);
        // keep trying to reach the cluster for the whole run: a client that gave up would fail every later operation
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(Long.MAX_VALUE).setInitialBackoffMillis(100).setMaxBackoffMillis(1000);
        config.setProperty("hazelcast.client.invocation.timeout.seconds", String.valueOf(INVOCATION_TIMEOUT_SECONDS));
        config.setProperty("hazelcast.logging.type", "none");
        return HazelcastClient.newHazelcastClient(config);
    }
}
