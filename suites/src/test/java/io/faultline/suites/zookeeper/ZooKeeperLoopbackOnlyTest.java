package io.faultline.suites.zookeeper;

import io.faultline.suites.reliability.LoopbackOnly;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loopback only ({@link LoopbackOnly}) for ZooKeeper, in each backend, but for the known finding
 * below.
 * A reliability campaign (mvn verify -Pchaos,reliability); boots clusters, so run it under the
 * chaos lock.
 */
@Tag("reliability")
class ZooKeeperLoopbackOnlyTest {
    /**
     * A finding this campaign made, relaxed here explicitly rather than hidden: in the process
     * backend a node binds its own quorum and election ports (2888 + i, 3888 + i) on every address,
     * because its zoo.cfg names itself {@code server.i=0.0.0.0:...} so that election connections
     * go through the proxies (ZooKeeperConfig says why). The campaign counts them as known findings
     * (RELIABILITY.md); any other listener off loopback fails it.
     */
    private static final Pattern OWN_WILDCARD_PORTS =
            Pattern.compile("^listening on (0\\.0\\.0\\.0|\\[0{32}\\]):(28|38)\\d\\d: ");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"process", "docker"})
    void aRunListensOnLoopbackOnly(String backend) throws Exception {
        LoopbackOnly.assertListensOnLoopbackOnly("zookeeper", backend, ZooKeeperCluster.ensemble(3),
                ZooKeeperCasRegisterChaosTest.casRegister(ZkCasRegisterClient.factory()),
                listener -> backend.equals("process") && OWN_WILDCARD_PORTS.matcher(listener).find());
    }
}
