package io.faultline.checkers.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValueStateTest {

    @Test
    void isAMapLikeAnyOtherToItsReaders() {
        KeyValueState s = KeyValueState.EMPTY.with("x", Rope.of("ab").append("c")).with(7L, Rope.of("z"));
        Map<Object, String> same = new LinkedHashMap<>();
        same.put("x", "abc");
        same.put(7L, "z");

        assertThat(s).isEqualTo(same).hasSameHashCodeAs(same).containsExactly(Map.entry("x", "abc"), Map.entry(7L, "z"));
        assertThat(same).isEqualTo(s);
        assertThat(s.get("x")).isEqualTo("abc");
        assertThat(s.get("y")).isNull();
        assertThat(s.containsKey(7L)).isTrue();
    }

    @Test
    void keysHoldingTheEmptyStringAreLeftOut() {
        KeyValueState s = KeyValueState.EMPTY.with("x", Rope.of("a")).with("y", Rope.of("b")).with("x", Rope.EMPTY);

        assertThat(s).isEqualTo(Map.of("y", "b")).hasSameHashCodeAs(Map.of("y", "b"));
        assertThat(KeyValueState.EMPTY.with("x", Rope.EMPTY)).isSameAs(KeyValueState.EMPTY);
    }

    @Test
    void equalContentInAnotherKeyOrderOrAnotherCutIsEqual() {
        KeyValueState a = KeyValueState.EMPTY.with("x", Rope.of("ab")).with("y", Rope.of("c"));
        KeyValueState b = KeyValueState.EMPTY.with("y", Rope.of("c")).with("x", Rope.of("a").append("b"));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(b.with("y", Rope.of("d")));
    }

    @Test
    void writingWhatAKeyHoldsGivesTheSameState() {
        KeyValueState s = KeyValueState.EMPTY.with("x", Rope.of("ab"));
        assertThat(s.with("x", Rope.of("a").append("b"))).isSameAs(s);
    }

    @Test
    void anotherMapIsTakenWithCanonicalKeys() {
        KeyValueState s = KeyValueState.of(Map.of(1, "a"));
        assertThat(s.rope(1L).toString()).isEqualTo("a");
        assertThat(KeyValueState.of(s)).isSameAs(s);
    }
}
