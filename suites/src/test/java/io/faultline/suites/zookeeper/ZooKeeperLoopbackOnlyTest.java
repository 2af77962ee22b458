package io.faultline.suites.zookeeper;

import io.faultline.suites.reliability.LoopbackOnly;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loopback only ({@link LoopbackOnly}): while a ZooKeeper run boots, partitions and heals in each
 * backend, no socket it opens listens beyond loopback (read from /proc/net/tcp and tcp6 every 200 ms)
 * and no container publishes a port beyond the host. In the process backend each node binds its quorum and election
 * ports on its own 127.0.b.N address only (ZooKeeperConfig says how), so any listener off loopback
 * fails the campaign.
 * A reliability campaign (mvn verify -Pchaos,reliability); the Docker case takes the chaos lock.
 */
@Tag("reliability")
class ZooKeeperLoopbackOnlyTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"process", "docker"})
    void aRunListensOnLoopbackOnly(String backend) throws Exception {
        LoopbackOnly.assertListensOnLoopbackOnly("zookeeper", backend, ZooKeeperCluster.ensemble(3),
                ZooKeeperCasRegisterChaosTest.casRegister(ZkCasRegisterClient.factory()));
    }
}
