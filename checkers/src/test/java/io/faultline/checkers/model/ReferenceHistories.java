package io.faultline.checkers.model;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * Reads the reference histories in {@code ../shared/histories}: just enough of an EDN reader for
 * model tests, which must not wait for the history formats.
 */
final class ReferenceHistories {
    private static final Keyword PROCESS = Keyword.of("process");
    private static final Keyword TYPE = Keyword.of("type");
    private static final Keyword F = Keyword.of("f");
    private static final Keyword KEY = Keyword.of("key");
    private static final Keyword VALUE = Keyword.of("value");

    private ReferenceHistories() {
    }

    /** A Knossos history, e.g. {@code multi-register/good/multi-register.edn}, nemesis events left out. */
    static List<Operation> knossos(String path) throws Exception {
        Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
        Object edn = parser.nextValue(Parsers.newParseable(Files.readString(root().resolve("knossos/data/" + path))));
        List<Op> ops = new ArrayList<>();
        for (Object e : (List<?>) plain(edn)) {
            Map<?, ?> event = (Map<?, ?>) e;
            if (event.get(PROCESS) instanceof Long process) {
                ops.add(op(process, event, event.get(VALUE)));
            }
        }
        return History.of(path, ops, null).operations();
    }

    /** One of Porcupine's kv logs, e.g. {@code c01-ok.txt}, each value as {@code [key value]}. */
    static List<Operation> porcupineKv(String name) throws Exception {
        Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
        List<Op> ops = new ArrayList<>();
        for (String line : Files.readAllLines(root().resolve("porcupine/test_data/kv/" + name))) {
            if (!line.isBlank()) {
                Map<?, ?> event = (Map<?, ?>) plain(parser.nextValue(Parsers.newParseable(line)));
                ops.add(op((Long) event.get(PROCESS), event, Arrays.asList(event.get(KEY), event.get(VALUE))));
            }
        }
        return History.of(name, ops, null).operations();
    }

    /**
     * An edn-java value as a plain-Java op value. {@code Values.fromEdnObject} would do, but it
     * throws on a vector holding nil, such as {@code [:read :x nil]}.
     */
    private static Object plain(Object edn) {
        if (edn instanceof us.bpsm.edn.Keyword k) {
            return Keyword.of(k.getName());
        }
        if (edn instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (edn instanceof Map<?, ?> m) {
            Map<Object, Object> out = new HashMap<>();
            m.forEach((k, v) -> out.put(plain(k), plain(v)));
            return out;
        }
        return edn;
    }

    private static Op op(long process, Map<?, ?> event, Object value) {
        OpType type = OpType.fromKeyword(((Keyword) event.get(TYPE)).name());
        return new Op(-1, (int) process, type, ((Keyword) event.get(F)).name(), value, Op.NO_TIME, null);
    }

    private static Path root() {
        String root = System.getProperty("faultline.histories");
        if (root == null) {
            throw new IllegalStateException("system property faultline.histories is not set; run the tests through Maven, "
                    + "which points it at ../shared/histories");
        }
        return Path.of(root);
    }
}
