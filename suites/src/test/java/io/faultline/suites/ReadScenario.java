package io.faultline.suites;

import io.faultline.checkers.model.CasRegister;
import io.faultline.checkers.model.Model;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.Client;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemesis;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import io.faultline.suites.workload.UniqueWrites;
import java.time.Duration;
import java.util.List;

/**
 * The read test every register target shares (ZooKeeper, Ratis, etcd, jgroups-raft): six processes, on
 * each of three members one that only reads there and one that only writes fresh values ({@link
 * UniqueWrites#readersAndWriters}), so a read of an older value after a newer write was acknowledged
 * is a counterexample; faults repeated over a span, then heal, a quiet spell and a final read by every
 * process; checked as a cas-register starting at 0. A target's safe mode asserts its run
 * linearizable ({@link #assertLinearizable}); its unsafe mode is hunted until caught ({@link #hunt}).
 *
 * <pre>{@code
 * static final ReadScenario CUT_FOLLOWER = ReadScenario.of(EtcdRegisterClient.pinned(Reads.SERIALIZABLE))
 *         .withFaults(Duration.ofSeconds(12), Duration.ofSeconds(4), Duration.ofMillis(2500), isolate(follower()));
 * }</pre>
 *
 * @param clients a client factory that pins process p to the (p mod N)-th member
 * @param rate operations per second, all processes together
 * @param span how long faults are drawn, after a 2 s warm-up
 * @param every how often a fault starts
 * @param length how long each fault lasts
 */
public record ReadScenario(Client.Factory clients, int rate, Duration opTimeout, Duration span, Duration every, Duration length,
        List<Nemesis> faults, Duration recovery) {
    public static final Model<?> MODEL = CasRegister.casRegister(0L);
    private static final Duration WARM_UP = Duration.ofSeconds(2);

    /** 150 ops/s, 4 s operation timeout, 3 s of recovery; give it faults with {@link #withFaults}. */
    public static ReadScenario of(Client.Factory pinnedClients) {
        return new ReadScenario(pinnedClients, 150, Duration.ofSeconds(4), Duration.ZERO, Duration.ZERO, Duration.ZERO, List.of(),
                Duration.ofSeconds(3));
    }

    public ReadScenario withClients(Client.Factory pinnedClients) {
        return new ReadScenario(pinnedClients, rate, opTimeout, span, every, length, faults, recovery);
    }

    public ReadScenario withRate(int opsPerSecond) {
        return new ReadScenario(clients, opsPerSecond, opTimeout, span, every, length, faults, recovery);
    }

    public ReadScenario withOpTimeout(Duration timeout) {
        return new ReadScenario(clients, rate, timeout, span, every, length, faults, recovery);
    }

    /** Over {@code newSpan}, one of {@code nemeses} every {@code newEvery}, each lasting {@code newLength}. */
    public ReadScenario withFaults(Duration newSpan, Duration newEvery, Duration newLength, Nemesis... nemeses) {
        return new ReadScenario(clients, rate, opTimeout, newSpan, newEvery, newLength, List.of(nemeses), recovery);
    }

    public ReadScenario withRecovery(Duration quiet) {
        return new ReadScenario(clients, rate, opTimeout, span, every, length, faults, quiet);
    }

    public Workload workload() {
        return Workload.of(clients, UniqueWrites.readersAndWriters(6, 3))
                .withProcesses(6)
                .withRate(rate)
                .withOpTimeout(opTimeout)
                .withFinalRead(UniqueWrites.FINAL_READ);
    }

    public Schedule schedule() {
        if (faults.isEmpty()) {
            throw new IllegalStateException("a read scenario needs faults: call withFaults(span, every, length, nemeses...)");
        }
        return Schedule.builder()
                .warmUp(WARM_UP)
                .faults(span, every, length, faults.toArray(Nemesis[]::new))
                .heal()
                .recovery(recovery)
                .finalReads()
                .build();
    }

    /** The safe mode: {@code run} executes this scenario, injects a fault of {@code faultKind} (null: any) and stays linearizable. */
    public void assertLinearizable(ChaosRun run, String faultKind) {
        Anomalies.assertLinearizable(run.execute(workload(), schedule()), MODEL, faultKind);
    }

    /** Runs of this scenario on {@code cluster}, for {@link Hunt#expectCaught} or {@link Hunt#run}. */
    public Hunt hunt(String name, String testName, ClusterSpec cluster) {
        return new Hunt(name, testName, cluster, this::workload, this::schedule, MODEL);
    }
}
