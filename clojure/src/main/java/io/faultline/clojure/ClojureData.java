package io.faultline.clojure;

import clojure.lang.IPersistentMap;
import clojure.lang.PersistentArrayMap;
import clojure.lang.PersistentHashSet;
import clojure.lang.PersistentVector;
import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Faultline's history values as the Clojure data Knossos reads: keywords, vectors, sets, maps. */
final class ClojureData {
    private static final clojure.lang.Keyword INDEX = clojure.lang.Keyword.intern("index");
    private static final clojure.lang.Keyword TIME = clojure.lang.Keyword.intern("time");
    private static final clojure.lang.Keyword TYPE = clojure.lang.Keyword.intern("type");
    private static final clojure.lang.Keyword PROCESS = clojure.lang.Keyword.intern("process");
    private static final clojure.lang.Keyword F = clojure.lang.Keyword.intern("f");
    private static final clojure.lang.Keyword VALUE = clojure.lang.Keyword.intern("value");
    private static final clojure.lang.Keyword ERROR = clojure.lang.Keyword.intern("error");

    private ClojureData() {
    }

    /** A Faultline value as Clojure data; a keyword {@code :ns/name} keeps its namespace. */
    static Object of(Object value) {
        if (value instanceof Keyword k) {
            return clojure.lang.Keyword.intern(k.name());
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(x -> out.add(of(x)));
            return PersistentVector.create(out);
        }
        if (value instanceof Set<?> set) {
            List<Object> out = new ArrayList<>(set.size());
            set.forEach(x -> out.add(of(x)));
            return PersistentHashSet.create(out);
        }
        if (value instanceof Map<?, ?> map) {
            Object[] pairs = new Object[map.size() * 2];
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                pairs[i++] = of(e.getKey());
                pairs[i++] = of(e.getValue());
            }
            return PersistentArrayMap.createAsIfByAssoc(pairs);
        }
        return value;
    }

    /**
     * The client ops of a history as Jepsen would have kept them: a vector of maps with
     * {@code :index}, {@code :time} (when recorded), {@code :type}, {@code :process}, {@code :f},
     * {@code :value} and {@code :error} (when there is one). Nemesis events are left out, as Jepsen's
     * linearizable checker leaves them out before it calls Knossos; {@code :index} is the event's
     * position in the whole history.
     */
    static PersistentVector clientOps(History history) {
        List<Object> ops = new ArrayList<>(history.size());
        for (Op op : history.ops()) {
            if (!op.isNemesis()) {
                ops.add(map(op));
            }
        }
        return PersistentVector.create(ops);
    }

    private static IPersistentMap map(Op op) {
        List<Object> pairs = new ArrayList<>(14);
        pairs.add(INDEX);
        pairs.add((long) op.index());
        if (op.hasTime()) {
            pairs.add(TIME);
            pairs.add(op.time());
        }
        pairs.add(TYPE);
        pairs.add(clojure.lang.Keyword.intern(op.type().keyword()));
        pairs.add(PROCESS);
        pairs.add((long) op.process());
        pairs.add(F);
        pairs.add(clojure.lang.Keyword.intern(op.f()));
        pairs.add(VALUE);
        pairs.add(of(op.value()));
        if (op.error() != null) {
            pairs.add(ERROR);
            pairs.add(of(op.error()));
        }
        return PersistentArrayMap.createAsIfByAssoc(pairs.toArray());
    }
}
