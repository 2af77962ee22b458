package io.faultline.suites.reference;

import io.faultline.suites.CasRegisterMix;

import io.faultline.harness.Workload;
import java.time.Duration;

/** The workload every reference suite runs. */
final class ReferenceWorkload {
    private ReferenceWorkload() {
    }

    /**
     * Five processes of Jepsen's cas-register mix at 100 operations a second in all, each ending with
     * a read: one every 10 ms in every fault window, while three nodes, the proxies and the test JVM
     * share two cores without blurring 100 ms heartbeats.
     */
    static Workload casRegister() {
        return Workload.of(ReferenceRegisterClient.factory(), new CasRegisterMix())
                .withProcesses(5)
                .withRate(100)
                .withOpTimeout(Duration.ofSeconds(2))
                .withFinalRead(CasRegisterMix.FINAL_READ);
    }
}
