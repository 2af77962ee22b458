package io.faultline.harness.internal;

import io.faultline.harness.Event;

import io.faultline.harness.Node;

import io.faultline.harness.Completion;
import io.faultline.harness.FakeCluster;
import io.faultline.harness.Invocation;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Nemesis;
import io.faultline.harness.RunClock;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checkers.format.HistoryFormat;
import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule and workload runners on a fake cluster: what they record, and that a seed fixes the schedule. */
class RunnersTest {
    @TempDir
    Path dir;

    private RunResult run(FakeCluster cluster, long seed, Workload workload, Schedule schedule, Path into) throws Exception {
        Files.createDirectories(into);
        try (Recorder recorder = new Recorder(into, RunClock.start())) {
            RunningChaosRun run = new RunningChaosRun(recorder, seed, into, "rerun");
            run.booted(cluster, Duration.ZERO);
            return run.execute(workload, schedule);
        }
    }

    private static Schedule faultsOnly(Nemesis... mix) {
        return Schedule.builder()
                .warmUp(Duration.ofMillis(20))
                .faults(Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofMillis(5), mix)
                .heal()
                .recovery(Duration.ofMillis(20))
                .finalReads()
                .build();
    }

    private static Workload register(AtomicInteger register) {
        return Workload.of((cluster, process) -> invocation -> {
            switch (invocation.f()) {
                case "write":
                    register.set((Integer) invocation.value());
                    return Completion.ok(invocation.value());
                default:
                    return Completion.ok(register.get());
            }
        }, (random, process) -> random.nextBoolean() ? Invocation.of("read", null) : Invocation.of("write", random.nextInt(5)))
                .withProcesses(3)
                .withFinalRead(Invocation.of("read", null));
    }

    @Test
    void theSameSeedInjectsTheSameFaultsInTheSameOrder() throws Exception {
        Nemesis[] mix = {Nemeses.kill(), Nemeses.pause(), Nemeses.partitionRandomHalves(), Nemeses.isolateOne()};
        FakeCluster a = new FakeCluster("n1", "n2", "n3", "n4", "n5");
        FakeCluster b = new FakeCluster("n1", "n2", "n3", "n4", "n5");

        RunResult first = run(a, 42, register(new AtomicInteger()), faultsOnly(mix), dir.resolve("a"));
        RunResult second = run(b, 42, register(new AtomicInteger()), faultsOnly(mix), dir.resolve("b"));

        List<String> faults1 = faults(first);
        List<String> faults2 = faults(second);
        assertThat(faults1).hasSizeGreaterThan(3);
        // Timing decides how many fit in the phase; the draws themselves are the seed's.
        int common = Math.min(faults1.size(), faults2.size());
        assertThat(faults1.subList(0, common)).isEqualTo(faults2.subList(0, common));
    }

    private static List<String> faults(RunResult result) {
        return result.events().stream().filter(e -> e.type().equals("fault-start"))
                .map(e -> e.fields().get("kind") + " " + e.fields().get("nodes")).collect(Collectors.toList());
    }

    @Test
    void everyFaultStartsAndEndsAndHealBringsEveryNodeBack() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");

        RunResult result = run(cluster, 7, register(new AtomicInteger()), faultsOnly(Nemeses.kill(), Nemeses.pause()), dir);

        long starts = result.events().stream().filter(e -> e.type().equals("fault-start")).count();
        long ends = result.events().stream().filter(e -> e.type().equals("fault-end")).count();
        assertThat(starts).isPositive().isEqualTo(ends);
        assertThat(cluster.nodes.values()).allMatch(n -> n.state() == Node.State.RUNNING);
        assertThat(result.events()).extracting(Event::type).contains("phase");
    }

    @Test
    void theHistoryIsWellFormedAndWrittenAsItHappens() throws Exception {
        RunResult result = run(new FakeCluster("n1"), 3, register(new AtomicInteger()), faultsOnly(Nemeses.kill()), dir);

        History history = result.history().validate();
        assertThat(history.size()).isGreaterThan(10);
        History fromJsonl = HistoryFormat.JSONL.read(dir.resolve("history.jsonl"));
        History fromEdn = HistoryFormat.EDN.read(dir.resolve("history.edn"));
        assertThat(fromJsonl.ops()).isEqualTo(history.ops());
        assertThat(fromEdn.ops()).isEqualTo(history.ops());
        // every process ends with a final read
        assertThat(history.ops().stream().filter(o -> o.type() == OpType.OK && o.f().equals("read")).count()).isPositive();
    }

    @Test
    void eventsCarryRunTimeAndWallTime() throws Exception {
        run(new FakeCluster("n1", "n2"), 5, register(new AtomicInteger()), faultsOnly(Nemeses.pause()), dir);

        List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
        ObjectMapper json = new ObjectMapper();
        long last = -1;
        for (String line : lines) {
            JsonNode event = json.readTree(line);
            assertThat(event.has("time") && event.has("wall") && event.has("type")).as(line).isTrue();
            assertThat(event.get("time").asLong()).isGreaterThanOrEqualTo(last);
            last = event.get("time").asLong();
        }
    }

    @Test
    void aTimedOutOperationIsIndeterminateAndItsProcessGetsAFreshNumber() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Workload workload = Workload.of((cluster, process) -> invocation -> {
            if (calls.incrementAndGet() == 2) {
                Thread.sleep(10_000); // hangs past the timeout
            }
            return Completion.ok(invocation.value());
        }, (random, process) -> Invocation.of("write", 1)).withProcesses(1).withOpTimeout(Duration.ofMillis(100));

        RunResult result = run(new FakeCluster("n1"), 1, workload,
                Schedule.builder().warmUp(Duration.ofMillis(400)).build(), dir);

        List<Op> ops = result.history().ops();
        Op info = ops.stream().filter(o -> o.type() == OpType.INFO).findFirst().orElseThrow();
        assertThat(info.process()).isZero();
        assertThat(ops.stream().filter(o -> o.index() > info.index()).map(Op::process).distinct()).containsExactly(1);
        result.history().validate();
    }

    @Test
    void aClientThatThrowsGivesInfoWithTheReason() throws Exception {
        Workload workload = Workload.of((cluster, process) -> invocation -> {
            throw new IllegalStateException("connection lost");
        }, (random, process) -> Invocation.of("read", null)).withProcesses(2);

        RunResult result = run(new FakeCluster("n1"), 1, workload,
                Schedule.builder().warmUp(Duration.ofMillis(50)).build(), dir);

        Map<OpType, Long> types = result.history().ops().stream().collect(Collectors.groupingBy(Op::type, Collectors.counting()));
        assertThat(types).containsKeys(OpType.INVOKE, OpType.INFO).doesNotContainKey(OpType.OK);
        assertThat(result.history().ops()).filteredOn(o -> o.type() == OpType.INFO)
                .allMatch(o -> String.valueOf(o.error()).contains("connection lost"));
    }
}
