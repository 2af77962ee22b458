package io.faultline.checkers.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RopeTest {

    @Test
    void holdsWhatWasAppendedWithTheHashOfThatString() {
        Rope r = Rope.of("x 0 0 y").append("x 1 0 y").append("").append("x 2 0 y");

        assertThat(r.toString()).isEqualTo("x 0 0 yx 1 0 yx 2 0 y");
        assertThat(r.length()).isEqualTo(21);
        assertThat(r.hashCode()).isEqualTo("x 0 0 yx 1 0 yx 2 0 y".hashCode());
        assertThat(r.contentEquals("x 0 0 yx 1 0 yx 2 0 y")).isTrue();
        assertThat(r.contentEquals("x 0 0 yx 1 0 yx 2 0 z")).isFalse();
        assertThat(r.contentEquals("x 0 0 yx 1 0 y")).isFalse();
    }

    @Test
    void theEmptyRopeIsOne() {
        assertThat(Rope.of("")).isSameAs(Rope.EMPTY);
        assertThat(Rope.EMPTY.append("")).isSameAs(Rope.EMPTY);
        assertThat(Rope.EMPTY.append("a")).isEqualTo(Rope.of("a"));
        assertThat(Rope.EMPTY.contentEquals("")).isTrue();
        assertThat(Rope.EMPTY.hashCode()).isEqualTo("".hashCode());
    }

    @Test
    void ropesCutDifferentlyAreEqualWhenTheirCharactersAre() {
        Rope a = Rope.of("ab").append("cde").append("f");
        Rope b = Rope.of("a").append("bcd").append("ef");
        Rope c = Rope.of("abcdef");

        assertThat(a).isEqualTo(b).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(b).isEqualTo(a);
        assertThat(a).isNotEqualTo(Rope.of("ab").append("cdE").append("f"));
    }

    @Test
    void ropesSharingABaseCompareByTheirOwnPieces() {
        Rope base = Rope.of("x 0 0 y");
        assertThat(base.append("q").append("r")).isEqualTo(base.append("qr"));
        assertThat(base.append("q").append("r")).isNotEqualTo(base.append("r").append("q"));
    }

    /** Long pieces take the hash's slow path (31^n beyond the table); random cuts must all agree. */
    @Test
    void agreesWithStringOnRandomCuts() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            StringBuilder whole = new StringBuilder();
            Rope a = Rope.EMPTY;
            Rope b = Rope.EMPTY;
            int pieces = 1 + random.nextInt(8);
            for (int p = 0; p < pieces; p++) {
                String piece = randomString(random, random.nextInt(100));
                whole.append(piece);
                a = a.append(piece);
            }
            String s = whole.toString();
            for (int at = 0; at < s.length(); ) {
                int to = Math.min(s.length(), at + 1 + random.nextInt(90));
                b = b.append(s.substring(at, to));
                at = to;
            }
            assertThat(a.toString()).isEqualTo(s);
            assertThat(a.hashCode()).isEqualTo(s.hashCode());
            assertThat(a).isEqualTo(b);
            assertThat(a.contentEquals(s)).isTrue();
        }
    }

    private static String randomString(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(3)));
        }
        return sb.toString();
    }
}
