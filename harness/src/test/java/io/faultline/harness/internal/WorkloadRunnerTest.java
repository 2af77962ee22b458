package io.faultline.harness.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.harness.Completion;
import io.faultline.harness.Expect;
import io.faultline.harness.FakeCluster;
import io.faultline.harness.Invocation;
import io.faultline.harness.RunClock;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the workload runner records: every invocation with exactly one completion, whatever the load. */
class WorkloadRunnerTest {
    @TempDir
    Path dir;

    @Test
    void anOpenLoopRunAtTenThousandASecondRecordsEveryInvocationWithItsCompletion() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // every 97th call hangs past the operation timeout: infos, fresh process numbers and new clients under load
        Workload workload = Workload.of((cluster, process) -> invocation -> {
            if (calls.incrementAndGet() % 97 == 0) {
                Thread.sleep(1_500);
            }
            return Completion.ok(invocation.value());
        }, (random, process, now) -> Invocation.of("write", random.nextInt(5)))
                .withProcesses(200).withRate(10_000).withOpTimeout(Duration.ofSeconds(1));
        RunResult result;
        long started = System.nanoTime();
        long cpuStarted = cpuNanos();
        try (Recorder recorder = new Recorder(dir, RunClock.start())) {
            RunningChaosRun run = new RunningChaosRun(recorder, 1, dir, "rerun");
            run.booted(new FakeCluster("n1"), Duration.ZERO);
            // accounting is the point: on a loaded machine opening a client may outlast the timeout
            result = run.execute(workload, Schedule.builder().warmUp(Duration.ofSeconds(3)).build(), Expect.clientOpenFailures());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMicrosPerOp = (cpuNanos() - cpuStarted) / 1e3 / Math.max(1, result.history().size());

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
        List<Op> invokes = result.history().ops().stream().filter(o -> o.type() == OpType.INVOKE).toList();
        double span = (invokes.get(invokes.size() - 1).time() - invokes.get(0).time()) / 1e9;
        System.out.printf("open loop, 10,000/s asked for: %d invocations over %.2f s (%.0f/s), run %.1f s, %.1f us of CPU per recorded op, %s%n",
                invocations, span, invocations / span, seconds, cpuMicrosPerOp, byType);
        assertThat(invocations).isPositive();
        assertThat(byType).containsKey(OpType.INFO);
        assertThat(unpaired).as("completions without their invocation, or invocations over an open one").isZero();
        assertThat(open).as("invocations never completed").isEmpty();
        assertThat(byType.getOrDefault(OpType.OK, 0) + byType.getOrDefault(OpType.FAIL, 0) + byType.getOrDefault(OpType.INFO, 0))
                .isEqualTo(invocations);
        try (var lines = Files.lines(dir.resolve("history.jsonl"))) {
            assertThat(lines.filter(l -> !l.isBlank()).count()).isEqualTo(result.history().size());
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
