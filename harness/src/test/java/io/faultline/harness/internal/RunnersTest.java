package io.faultline.harness.internal;

import io.faultline.harness.Event;
import io.faultline.harness.Expect;
import io.faultline.harness.Fault;
import io.faultline.harness.Target;
import io.faultline.harness.ChaosRun;
import java.util.Random;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private RunResult run(FakeCluster cluster, long seed, Workload workload, Schedule schedule, Path into, Expect... relaxed)
            throws Exception {
        Files.createDirectories(into);
        try (Recorder recorder = new Recorder(into, RunClock.start())) {
            RunningChaosRun run = new RunningChaosRun(recorder, seed, into, "rerun");
            run.booted(cluster, Duration.ZERO);
            return run.execute(workload, schedule, relaxed);
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
        }, (random, process, now) -> random.nextBoolean() ? Invocation.of("read", null) : Invocation.of("write", random.nextInt(5)))
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
        }, (random, process, now) -> Invocation.of("write", 1)).withProcesses(1).withOpTimeout(Duration.ofMillis(100));

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
        }, (random, process, now) -> Invocation.of("read", null)).withProcesses(2);

        RunResult result = run(new FakeCluster("n1"), 1, workload,
                Schedule.builder().warmUp(Duration.ofMillis(50)).build(), dir, Expect.noOkOperationsFor("read"));

        Map<OpType, Long> types = result.history().ops().stream().collect(Collectors.groupingBy(Op::type, Collectors.counting()));
        assertThat(types).containsKeys(OpType.INVOKE, OpType.INFO).doesNotContainKey(OpType.OK);
        assertThat(result.history().ops()).filteredOn(o -> o.type() == OpType.INFO)
                .allMatch(o -> String.valueOf(o.error()).contains("connection lost"));
    }

    // ---- a run must prove something ----

    private static Workload everyOperationFails() {
        return Workload.of((cluster, process) -> invocation -> Completion.fail("refused"),
                (random, process, now) -> random.nextBoolean() ? Invocation.of("read", null) : Invocation.of("cas", List.of(1, 2)))
                .withProcesses(2);
    }

    @Test
    void aRunWhoseEveryOperationFailsFailsNamingTheOperations() {
        assertThatThrownBy(() -> run(new FakeCluster("n1"), 1, everyOperationFails(),
                Schedule.builder().warmUp(Duration.ofMillis(100)).build(), dir))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no :ok completion for cas (")
                .hasMessageContaining("read (")
                .hasMessageContaining("Expect.noOkOperationsFor(\"cas\")");
        assertThat(dir.resolve("checks.json")).content().contains("\"valid\" : false", "\"name\" : \"stats\"");
    }

    @Test
    void aRunWhoseEveryOperationFailsPassesOnceThatIsExpected() throws Exception {
        RunResult result = run(new FakeCluster("n1"), 1, everyOperationFails(), Schedule.builder().warmUp(Duration.ofMillis(100)).build(),
                dir, Expect.noOkOperationsFor("read", "cas"));

        assertThat(result.history().ops()).noneMatch(o -> o.type() == OpType.OK);
        assertThat(dir.resolve("checks.json")).content().contains("\"may-have-no-ok\" : [ \"cas\", \"read\" ]");
    }

    private static Nemesis throwing() {
        return new Nemesis() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Fault inject(ChaosRun context, Random random) {
                throw new IllegalStateException("cannot reach the nodes");
            }
        };
    }

    @Test
    void aRunWhoseNemesisThrowsFailsNamingTheNemesis() {
        assertThatThrownBy(() -> run(new FakeCluster("n1", "n2", "n3"), 1, register(new AtomicInteger()), faultsOnly(throwing()), dir))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("nemesis broken failed: cannot reach the nodes")
                .hasMessageContaining("the schedule has a faults phase but no fault was injected")
                .hasMessageContaining("Expect.failedFaults()");
    }

    @Test
    void aRunWhoseNemesisThrowsPassesOnceThatIsExpected() throws Exception {
        RunResult result = run(new FakeCluster("n1", "n2", "n3"), 1, register(new AtomicInteger()), faultsOnly(throwing()), dir,
                Expect.failedFaults());

        assertThat(result.events()).extracting(Event::type).contains("fault-error").doesNotContain("fault-start");
        assertThat(dir.resolve("checks.json")).content().contains("relaxed: nemesis broken failed");
    }

    private static Workload clientsCannotOpen() {
        return Workload.of((cluster, process) -> {
            throw new java.io.IOException("connection refused by n1");
        }, (random, process, now) -> Invocation.of("read", null)).withProcesses(2);
    }

    @Test
    void aRunWhoseClientFactoryThrowsFailsNamingTheFactorysError() {
        assertThatThrownBy(() -> run(new FakeCluster("n1"), 1, clientsCannotOpen(), Schedule.builder().warmUp(Duration.ofMillis(300)).build(), dir))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 process(es) never opened a client after: the client factory failed for process ")
                .hasMessageContaining("IOException: connection refused by n1")
                .hasMessageContaining("Expect.clientOpenFailures()");
    }

    @Test
    void aRunWhoseClientFactoryThrowsPassesOnceThatIsExpected() throws Exception {
        Workload oneProcessCannotOpen = Workload.of((cluster, process) -> {
            if (process % 2 == 0) {
                throw new java.io.IOException("connection refused by n1");
            }
            return invocation -> Completion.ok(0);
        }, (random, process, now) -> Invocation.of("read", null)).withProcesses(2);

        assertThatThrownBy(() -> run(new FakeCluster("n1"), 1, oneProcessCannotOpen, Schedule.builder().warmUp(Duration.ofMillis(300)).build(),
                dir.resolve("strict")))
                .hasMessageContaining("1 process(es) never opened a client after: the client factory failed for process 0");
        RunResult result = run(new FakeCluster("n1"), 1, oneProcessCannotOpen, Schedule.builder().warmUp(Duration.ofMillis(300)).build(),
                dir, Expect.clientOpenFailures());

        assertThat(result.events()).extracting(Event::type).contains("client-error");
        assertThat(result.history().ops()).anyMatch(o -> o.type() == OpType.OK);
        assertThat(dir.resolve("checks.json")).content().contains("relaxed: 1 process(es) never opened a client");
    }

    @Test
    void aClientThatOpensOnceTheFaultIsOverIsNoFailure() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        Workload flaky = Workload.of((cluster, process) -> {
            if (opens.incrementAndGet() <= 2) {
                throw new java.io.IOException("connection refused by n1");
            }
            return invocation -> Completion.ok(0);
        }, (random, process, now) -> Invocation.of("read", null)).withProcesses(1);

        RunResult result = run(new FakeCluster("n1"), 1, flaky, Schedule.builder().warmUp(Duration.ofMillis(600)).build(), dir);

        assertThat(result.events()).extracting(Event::type).containsSubsequence("client-error", "client-error", "client-open");
        assertThat(dir.resolve("checks.json")).content().contains("2 client-error, each followed by a client that opened");
    }

    @Test
    void aClientFactoryThatHangsIsGivenUpAfterTheOperationTimeout() {
        Workload hangs = Workload.of((cluster, process) -> {
            Thread.sleep(60_000);
            return null;
        }, (random, process, now) -> Invocation.of("read", null)).withProcesses(1).withOpTimeout(Duration.ofMillis(50));

        assertThatThrownBy(() -> run(new FakeCluster("n1"), 1, hangs, Schedule.builder().warmUp(Duration.ofMillis(300)).build(), dir))
                .hasMessageContaining("opening a client took longer than PT0.05S");
    }

    // ---- typed faults ----

    /**
     * A user's nemesis, named as its author likes, that says what it did: its peers' suspicions of
     * the crashed node (reported here by the nemesis itself, as a probe would) are detections.
     */
    private static Nemesis crashNode(boolean saysItStops) {
        return new Nemesis() {
            @Override
            public String name() {
                return "crash-node";
            }

            @Override
            public Fault inject(ChaosRun run, Random random) throws Exception {
                Node node = run.cluster().node("n3");
                node.kill();
                for (String observer : List.of("n1", "n2")) {
                    run.record(Event.of(run.clock().nanos() + 1_000_000, "suspect", "observer", observer, "peer", "n3"));
                }
                Fault.Effect effect = saysItStops ? Fault.stopped("n3") : Fault.degraded(List.of(new Fault.Link("n3", "n1")));
                return Fault.of("crash-node", effect, () -> {
                    node.restart();
                    for (String observer : List.of("n1", "n2")) {
                        run.record(Event.of(run.clock().nanos(), "trust", "observer", observer, "peer", "n3"));
                    }
                });
            }
        };
    }

    @Test
    void aUsersCrashNodeNemesisBuiltWithFaultOfIsScoredAsAStop() throws Exception {
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofMillis(20))
                .faults(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(50), crashNode(true))
                .build();

        RunResult result = run(new FakeCluster("n1", "n2", "n3"), 1, register(new AtomicInteger()), schedule, dir);

        assertThat(result.events()).filteredOn(e -> e.type().equals("fault-start"))
                .singleElement().satisfies(e -> assertThat(e.fields()).containsEntry("kind", "crash-node").containsEntry("effect", "stopped"));
        io.faultline.harness.DetectionAssert detection = io.faultline.harness.RunAssert.assertThat(result).detection();
        detection.mistakes().isZero();
        detection.undetected().isZero();
        assertThat(detection.report().detection().count()).isEqualTo(2);
    }

    @Test
    void theSameSuspicionsUnderAFaultThatSaysItOnlySlowsALinkAreMistakes() throws Exception {
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofMillis(20))
                .faults(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(50), crashNode(false))
                .build();

        RunResult result = run(new FakeCluster("n1", "n2", "n3"), 1, register(new AtomicInteger()), schedule, dir);

        io.faultline.harness.RunAssert.assertThat(result).detection().mistakes().isEqualTo(2);
    }

    @Test
    void overlappingFaultsEachEndOnTheirOwn() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");
        Schedule schedule = Schedule.builder()
                // three faults, 1 s apart, each in place for 3 s: they overlap, and a late scheduler thread on a
                // loaded machine (a CI run saw > 50 ms) still injects the third before the phase ends at 2.5 s
                .faults(Duration.ofMillis(2500), Duration.ofSeconds(1), Duration.ofSeconds(3),
                        Nemeses.inTurn(Nemeses.cut("cut-n1-n2", new Fault.Link("n1", "n2")), Nemeses.kill(Target.nodes("n3")),
                                Nemeses.cut("cut-n2-n3", new Fault.Link("n2", "n3"))))
                .build();

        RunResult result = run(cluster, 1, register(new AtomicInteger()), schedule, dir);

        List<String> faults = result.events().stream().filter(e -> e.type().startsWith("fault-"))
                .map(e -> e.type() + " " + e.fields().get("id")).toList();
        assertThat(faults).containsExactly("fault-start 1", "fault-start 2", "fault-start 3", "fault-end 1", "fault-end 2", "fault-end 3");
        assertThat(cluster.actions).containsExactly("cut n1>n2", "kill n3", "cut n2>n3", "restore n1>n2", "restart n3", "restore n2>n3");
    }

    @Test
    void aGeneratorSeesThePhaseAndHowLongAFaultHasBeenInPlace() throws Exception {
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Workload workload = Workload.of((cluster, process) -> invocation -> Completion.ok(0), (random, process, now) -> {
            seen.add(now.phase() + (now.faultInPlaceAtLeast(Duration.ofMillis(50)) ? " +fault" : ""));
            return Invocation.of("read", null);
        }).withProcesses(1).withRate(200);
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofMillis(100))
                .faults(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(150), Nemeses.pause())
                .recovery(Duration.ofMillis(100))
                .build();

        run(new FakeCluster("n1", "n2"), 1, workload, schedule, dir);

        assertThat(seen).contains("warm-up", "faults", "faults +fault", "recovery").doesNotContain("warm-up +fault", "recovery +fault");
    }

    @Test
    void theNextFaultWaitsUntilTheLastHasEnded() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");
        Nemesis slowToSettle = Nemeses.settled(Duration.ofSeconds(5), "300 ms passed", new Nemeses.Condition() {
            private long since;

            @Override
            public boolean holds(ChaosRun run) {
                since = since == 0 ? System.nanoTime() : since;
                boolean settled = System.nanoTime() - since > 300_000_000L;
                since = settled ? 0 : since;
                return settled;
            }
        }, Nemeses.kill(Target.nodes("n1")));
        Schedule schedule = Schedule.builder()
                .faults(Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(50), slowToSettle)
                .build();

        RunResult result = run(cluster, 1, register(new AtomicInteger()), schedule, dir);

        // a kill of n1 never comes while n1's last restart is still settling
        assertThat(cluster.actions).containsSubsequence("kill n1", "restart n1", "kill n1", "restart n1")
                .doesNotContainSequence("kill n1", "kill n1");
        assertThat(result.events().stream().filter(e -> e.type().equals("fault-start")).count()).isBetween(2L, 3L);
    }
    @Test
    void aFaultAsLongAsTheIntervalHasEndedBeforeTheNextIsInjected() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");
        // a kill that takes a while to go through, as docker kill does on a loaded machine
        Nemesis slowKill = new Nemesis() {
            @Override
            public String name() {
                return "slow-kill";
            }

            @Override
            public Fault inject(ChaosRun run, java.util.Random random) throws Exception {
                Thread.sleep(60);
                run.cluster().node("n1").kill();
                return Fault.of("kill", new Fault.Stopped(List.of("n1")), () -> run.cluster().node("n1").restart());
            }
        };
        Schedule schedule = Schedule.builder()
                .faults(Duration.ofMillis(1100), Duration.ofMillis(300), Duration.ofMillis(300),
                        Nemeses.inTurn(slowKill, Nemeses.pause(Target.nodes("n1"))))
                .build();

        RunResult result = run(cluster, 1, register(new AtomicInteger()), schedule, dir);

        // the pause drawn after the kill finds n1 restarted, never still down
        assertThat(result.events()).noneMatch(e -> e.type().equals("fault-error"));
        assertThat(cluster.actions).containsSubsequence("kill n1", "restart n1", "pause n1", "resume n1")
                .doesNotContainSequence("kill n1", "pause n1");
    }
}
