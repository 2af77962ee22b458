package io.faultline.suites.reliability;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Nemeses;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.RunOptions;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import io.faultline.suites.CasRegisterMix;
import io.faultline.suites.reference.ReferenceCluster;
import io.faultline.suites.reference.ReferenceConfig;
import io.faultline.suites.reference.ReferenceRegisterClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One short reference-service run in a JVM of its own, which {@link LeftoversTest} may SIGKILL at
 * any moment. It prints a line as it enters each phase, so that the campaign knows when it killed it:
 * {@code booting}, {@code booted} (then warm-up 1 s, faults 3 s, heal, recovery 1 s), {@code closed}.
 * Arguments: backend, network mode ({@code PROXIED} or {@code KERNEL}), seed, run directory.
 */
public final class LeftoverRun {
    /** When, after {@code booted}, the fault window starts and ends (warm-up 1 s, then 3 s of faults). */
    static final Duration FAULTS_FROM = Duration.ofSeconds(1);
    static final Duration HEAL_FROM = Duration.ofSeconds(4);

    private LeftoverRun() {
    }

    public static void main(String[] args) throws Exception {
        Schedule schedule = Schedule.builder()
                .warmUp(FAULTS_FROM)
                .faults(HEAL_FROM.minus(FAULTS_FROM), Duration.ofSeconds(1), Duration.ofMillis(800),
                        Nemeses.partitionRandomHalves(), Nemeses.kill(), Nemeses.pause())
                .heal()
                .recovery(Duration.ofSeconds(1))
                .finalReads()
                .build();
        Workload workload = Workload.of(ReferenceRegisterClient.factory(), new CasRegisterMix())
                .withProcesses(3)
                .withRate(50)
                .withOpTimeout(Duration.ofSeconds(1))
                .withFinalRead(CasRegisterMix.FINAL_READ);
        System.out.println("booting");
        System.out.flush();
        try (ChaosRun run = ChaosRun.start(ReferenceCluster.of(3, ReferenceConfig.defaults()).withNetworkMode(NetworkMode.valueOf(args[1])),
                RunOptions.defaults().withBackend(args[0]).withSeed(Long.parseLong(args[2])).withDirectory(Path.of(args[3])))) {
            System.out.println("booted");
            System.out.flush();
            run.execute(workload, schedule);
        }
        System.out.println("closed");
        System.out.flush();
    }
}
