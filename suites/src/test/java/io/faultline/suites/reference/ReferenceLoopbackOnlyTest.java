package io.faultline.suites.reference;

import io.faultline.suites.reliability.LoopbackOnly;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loopback only ({@link LoopbackOnly}): while a reference-service run boots, partitions and heals in each backend, no
 * socket it opens listens beyond loopback and no container publishes a port beyond the host.
 * A reliability campaign (mvn verify -Pchaos,reliability); boots clusters, so run it under the
 * chaos lock.
 */
@Tag("reliability")
class ReferenceLoopbackOnlyTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"process", "docker"})
    void aRunListensOnLoopbackOnly(String backend) throws Exception {
        LoopbackOnly.assertListensOnLoopbackOnly("reference", backend, ReferenceCluster.of(3, ReferenceConfig.defaults()),
                ReferenceWorkload.casRegister());
    }
}
