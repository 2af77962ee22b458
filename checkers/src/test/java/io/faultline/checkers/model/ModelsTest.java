package io.faultline.checkers.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.history.Keyword;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelsTest {

    private static final String[] OURS = {
        "register", "cas-register", "mutex", "multi-register", "set", "unordered-queue", "fifo-queue", "kv", "kv-unpartitioned"};

    @Test
    void namesTheModelsOfThisPackage() {
        assertThat(Models.names()).contains(OURS).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("io.faultline.checkers.model.Models#names")
    void eachNameGivesTheModelOfThatName(String name) {
        assertThat(Models.byName(name, null).name()).isEqualTo(name);
    }

    @Test
    void porcupineSemanticsGiveACasRegisterThatReadsFailedCasesAsObservations() {
        Model<?> m = Models.byName("cas-register", 0L, CasRegister.Semantics.PORCUPINE);

        assertThat(((CasRegister) m).semantics()).isEqualTo(CasRegister.Semantics.PORCUPINE);
        assertThatThrownBy(() -> Models.byName("mutex", null, CasRegister.Semantics.PORCUPINE))
                .hasMessageContaining("only changes how a cas-register");
    }

    @Test
    void kvPartitionsAndKvUnpartitionedDoesNot() {
        var ops = List.of(
                Ops.ok("put", Ops.vec("a", "1")),
                Ops.ok("put", Ops.vec("b", "1")));
        assertThat(Models.byName("kv", null).partition(ops)).hasSize(2);
        assertThat(Models.byName("kv-unpartitioned", null).partition(ops)).hasSize(1);
    }

    @Test
    void aMultiRegisterStartsFromTheInitialMap() {
        Model<?> model = Models.byName("multi-register", Map.of(Keyword.of("x"), 0L, Keyword.of("y"), 0L));
        assertThat(model.init()).isEqualTo(Map.of(Keyword.of("x"), 0L, Keyword.of("y"), 0L));
        assertThat(Models.byName("multi-register", null).init()).isEqualTo(Map.of());
    }

    @Test
    void aMultiRegisterNeedsAMapToStartFrom() {
        assertThatThrownBy(() -> Models.byName("multi-register", 0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'{:x 0 :y 0}'")
                .hasMessageContaining("got 0");
    }

    @Test
    void aModelWithAFixedStartRefusesAnInitialValue() {
        assertThatThrownBy(() -> Models.byName("mutex", 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("always starts as free")
                .hasMessageContaining("drop --initial");
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Models.byName("queue", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model 'queue'; choose one of ")
                .hasMessageContaining(String.join(", ", Models.names()));
    }
}
