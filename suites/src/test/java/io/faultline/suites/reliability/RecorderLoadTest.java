package io.faultline.suites.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.proxy.reliability.Figures;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.Expect;
import io.faultline.harness.Nemeses;
import io.faultline.harness.RunOptions;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import io.faultline.suites.CasRegisterMix;
import io.faultline.suites.reference.ReferenceCluster;
import io.faultline.suites.reference.ReferenceConfig;
import io.faultline.suites.reference.ReferenceRegisterClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The recorder under load: a reference-service run with partitions and 10,000 operations a second
 * asked for, open-loop, from 200 processes ({@code -Dfaultline.reliability.rate}, {@code
 * -Dfaultline.reliability.processes}; rate 0 is closed-loop). Every invocation must be recorded with exactly one
 * completion (ok, fail or info) of the same process, in memory and in history.jsonl alike; the rate
 * reached is printed (on two shared cores it is far below the rate asked for). Fault window
 * {@code faultline.reliability.seconds} / 6 (10 s short). Boots a cluster: run under the chaos lock.
 */
@Tag("reliability")
class RecorderLoadTest {
    private static final int RATE = Integer.getInteger("faultline.reliability.rate", 10_000);
    private static final int PROCESSES = Integer.getInteger("faultline.reliability.processes", 200);

    @Test
    void everyInvocationIsRecordedWithItsCompletion() throws Exception {
        Duration faults = Duration.ofSeconds(Math.max(10, Figures.budgetSeconds() / 6));
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofSeconds(2))
                .faults(faults, Duration.ofSeconds(3), Duration.ofSeconds(1), Nemeses.partitionRandomHalves())
                .heal()
                .recovery(Duration.ofSeconds(2))
                .finalReads()
                .build();
        Workload workload = Workload.of(ReferenceRegisterClient.factory(), new CasRegisterMix())
                .withProcesses(PROCESSES)
                .withRate(RATE)
                .withOpTimeout(Duration.ofSeconds(1))
                .withFinalRead(CasRegisterMix.FINAL_READ);
        String backend = System.getProperty("faultline.backend", "process");
        RunResult result;
        long started = System.nanoTime();
        try (ChaosRun run = ChaosRun.start(ReferenceCluster.of(3, ReferenceConfig.defaults()),
                RunOptions.defaults().withBackend(backend))) {
            started = System.nanoTime();
            // What is measured is the accounting. Far past the service's capacity on a loaded machine,
            // every operation may time out (:info) and none complete :ok; that is not the recorder's failure.
            result = run.execute(workload, schedule, Expect.noOkOperationsFor("read", "write", "cas"));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Integer, Op> open = new HashMap<>();
        Map<OpType, Integer> byType = new HashMap<>();
        int unpaired = 0;
        for (Op op : result.history().ops()) {
            byType.merge(op.type(), 1, Integer::sum);
            if (op.type() == OpType.INVOKE) {
                unpaired += open.put(op.process(), op) != null ? 1 : 0;
            } else if (open.remove(op.process()) == null) {
                unpaired++;
            }
        }
        int invocations = byType.getOrDefault(OpType.INVOKE, 0);
        int completions = byType.getOrDefault(OpType.OK, 0) + byType.getOrDefault(OpType.FAIL, 0);
        int infos = byType.getOrDefault(OpType.INFO, 0);
        long onDisk;
        try (var lines = Files.lines(result.directory().resolve("history.jsonl"))) {
            onDisk = lines.filter(l -> !l.isBlank()).count();
        }
        new Figures("recorder-load-" + backend).put("runs", 1).put("rateAskedFor", RATE).put("processes", PROCESSES)
                .put("invocations", invocations).put("completions", completions).put("infos", infos)
                .put("opsPerSecondReached", Math.round(invocations / seconds)).put("historyJsonlLines", onDisk)
                .put("crashes", unpaired + open.size() + (onDisk == result.history().size() ? 0 : 1)).write();
        assertThat(invocations).as("invocations").isPositive();
        assertThat(unpaired).as("completions without their invocation, or invocations invoked over an open one").isZero();
        assertThat(open).as("invocations never completed").isEmpty();
        assertThat(completions + infos).as("completions + infos").isEqualTo(invocations);
        assertThat(onDisk).as("lines of history.jsonl").isEqualTo(result.history().size());
    }
}
