package io.faultline.checkers.linear;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StateIdsTest {

    @Test
    void equalStatesGetOneIdAndDistinctOnesDenseIds() {
        StateIds<Object> ids = new StateIds<>();
        for (long i = 0; i < 10_000; i++) {
            assertThat(ids.intern(i)).isEqualTo((int) i);
        }
        for (long i = 0; i < 10_000; i++) {
            assertThat(ids.intern(Long.valueOf(i))).isEqualTo((int) i);
            assertThat(ids.get((int) i)).isEqualTo(i);
        }
        assertThat(ids.size()).isEqualTo(10_000);
    }

    /** States whose hashes collide are told apart by equals. */
    @Test
    void collidingHashesStayDistinct() {
        StateIds<String> ids = new StateIds<>();
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        int aa = ids.intern("Aa");
        int bb = ids.intern("BB");
        assertThat(aa).isNotEqualTo(bb);
        assertThat(ids.intern(new String("BB"))).isEqualTo(bb);
    }
}
