package io.faultline.suites.reference;

import io.faultline.harness.ChaosContext;
import io.faultline.harness.Fault;
import io.faultline.harness.Nemesis;
import java.util.List;
import java.util.Random;

/** Nemeses for the reference suites that the built-in ones cannot express. */
final class ReferenceNemeses {
    private ReferenceNemeses() {
    }

    /**
     * Each fault from the next of {@code nemeses} in turn, so that a short run has every kind the
     * same number of times whatever the seed; targets are still drawn from the seed. Each fault keeps
     * its own kind ({@code kill}, {@code pause}, ...), which is what the detection report groups by.
     */
    static Nemesis inTurn(Nemesis... nemeses) {
        List<Nemesis> all = List.of(nemeses);
        return new Nemesis() {
            private int next;

            @Override
            public String name() {
                return "in-turn";
            }

            @Override
            public void setUp(ChaosContext context) throws Exception {
                for (Nemesis n : all) {
                    n.setUp(context);
                }
            }

            @Override
            public Fault inject(ChaosContext context, Random random) throws Exception {
                return all.get(next++ % all.size()).inject(context, random);
            }

            @Override
            public void tearDown(ChaosContext context) throws Exception {
                for (Nemesis n : all) {
                    n.tearDown(context);
                }
            }
        };
    }

}
