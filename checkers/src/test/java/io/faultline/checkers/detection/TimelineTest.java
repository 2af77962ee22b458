package io.faultline.checkers.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A timeline that cannot be judged is refused, saying what is wrong and how to put it right. */
class TimelineTest {
    private static final List<String> ABC = List.of("a", "b", "c");

    private static Timeline timeline(List<InjectedFault> faults, List<Suspicion> suspicions) {
        return new Timeline(ABC, 0, 1_000, faults, suspicions, List.of());
    }

    @Test
    void aSuspicionThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> Suspicion.of("a", "b", 200, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("suspicion of b by a ends at 100 ns, before it starts at 200 ns")
                .hasMessageContaining("pair each trust event with the suspect event before it");
    }

    @Test
    void aNodeSuspectingItself() {
        assertThatThrownBy(() -> Suspicion.of("a", "a", 100, 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("suspicion of a by itself");
    }

    @Test
    void anUnknownObserverOrPeer() {
        assertThatThrownBy(() -> timeline(List.of(), List.of(Suspicion.of("x", "b", 100, 200))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has observer x, which is not a node of the run [a, b, c]")
                .hasMessageContaining("list every node in Timeline.nodes");
        assertThatThrownBy(() -> timeline(List.of(), List.of(Suspicion.of("a", "y", 100, 200))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has peer y, which is not a node of the run");
    }

    @Test
    void anUnknownTargetOrComponentMember() {
        assertThatThrownBy(() -> timeline(List.of(InjectedFault.stop("7", "kill", List.of("z"), 100, 200)), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fault 7 (kill) targets z, which is not a node of the run");
        assertThatThrownBy(() -> timeline(List.of(InjectedFault.partition("7", "isolate", List.of("a"),
                List.of(List.of("a"), List.of("b", "q")), 100, 200)), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fault 7 (isolate) has in a component q");
    }

    @Test
    void overlappingSuspicionsOfOnePair() {
        assertThatThrownBy(() -> timeline(List.of(),
                List.of(Suspicion.of("a", "b", 100, 300), Suspicion.of("a", "b", 200, 400))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a suspects b [100, 300) and a suspects b [200, 400) overlap")
                .hasMessageContaining("closed by a trust before the next suspect");
        assertThatThrownBy(() -> timeline(List.of(),
                List.of(Suspicion.open("a", "b", 100), Suspicion.of("a", "b", 200, 400))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap");
    }

    @Test
    void suspicionsOfDifferentPairsMayOverlapAndOneMayFollowTheLastAtOnce() {
        Timeline t = timeline(List.of(), List.of(Suspicion.of("a", "b", 100, 300), Suspicion.of("b", "a", 200, 400),
                Suspicion.of("a", "b", 300, 500)));
        assertThat(t.suspicions()).hasSize(3);
    }

    @Test
    void timesOutsideTheRun() {
        assertThatThrownBy(() -> timeline(List.of(), List.of(Suspicion.of("a", "b", 100, 2_000))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends after the run ends at 1000 ns")
                .hasMessageContaining("Suspicion.open");
        assertThatThrownBy(() -> timeline(List.of(), List.of(Suspicion.open("a", "b", 1_000))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts outside the run [0, 1000) ns");
        assertThatThrownBy(() -> timeline(List.of(InjectedFault.stop("1", "pause", List.of("a"), 100, 5_000)),
                List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fault 1 (pause) ends at 5000 ns, outside the run [0, 1000] ns");
        assertThatThrownBy(() -> new Timeline(ABC, 0, 1_000, List.of(), List.of(), List.of(-5L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an ok operation completed at -5 ns, outside the run");
    }

    @Test
    void badFaults() {
        assertThatThrownBy(() -> InjectedFault.stop("1", "kill", List.of("a"), 500, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fault 1 (kill) ends at 100 ns, before it starts at 500 ns");
        assertThatThrownBy(() -> InjectedFault.stop("1", "kill", List.of(), 100, 500))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fault 1 (kill) has no targets; name the nodes it stopped");
        assertThatThrownBy(() -> InjectedFault.stop("1", "kill", List.of("a"), 100, 500).recoveredAt(400))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recovered at 400 ns, before it ended at 500 ns");
        assertThatThrownBy(() -> InjectedFault.degrade("1", "latency", List.of("a"), 100, 500).recoveredAt(600))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only faults that stop nodes (kill, pause, restart) recover");
        assertThatThrownBy(() -> new InjectedFault("1", "partition-bridge", Effect.PARTITION, List.of("a"), List.of(), List.of(),
                100, 500L, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fault 1 (partition-bridge) is a partition with no components or cut links; give them");
        assertThatThrownBy(() -> new InjectedFault("1", "slow", Effect.DEGRADE, List.of("a"), List.of(List.of("a")), List.of(),
                100, 500L, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its effect is DEGRADE; a fault that separates nodes is a PARTITION");
        assertThatThrownBy(() -> InjectedFault.partition("1", "partition", List.of("a"),
                List.of(List.of("a", "b"), List.of("b", "c")), 100, 500))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("puts b in more than one component");
        assertThatThrownBy(() -> timeline(List.of(InjectedFault.stop("1", "kill", List.of("a"), 100, 200),
                InjectedFault.stop("1", "pause", List.of("b"), 300, 400)), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two faults have id 1");
    }

    @Test
    void badNodes() {
        assertThatThrownBy(() -> new Timeline(List.of(), 0, 1_000, List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the run's nodes");
        assertThatThrownBy(() -> new Timeline(List.of("a", "a"), 0, 1_000, List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name a node twice");
        assertThatThrownBy(() -> new Timeline(ABC, 1_000, 0, List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the run ends at 0 ns, before it starts at 1000 ns");
    }

    @Test
    void theEffectIsGivenNotReadFromTheName() {
        assertThat(InjectedFault.stop("1", "crash-node", List.of("a"), 0, 1).effect()).isEqualTo(Effect.STOP);
        assertThat(InjectedFault.degrade("1", "kill-nothing", List.of("a"), 0, 1).effect()).isEqualTo(Effect.DEGRADE);
        InjectedFault isolate = InjectedFault.partition("1", "isolate", List.of("a"), List.of(List.of("a")), 0, 1);
        assertThat(isolate.effect()).isEqualTo(Effect.PARTITION);
        // nodes in no component share the remaining one
        assertThat(isolate.separates("a", "b")).isTrue();
        assertThat(isolate.separates("b", "c")).isFalse();
    }
}
