package io.faultline.checkers.model;

import io.faultline.checkers.history.Values;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The models by the names the command line uses: {@code --model NAME [--initial EDN]}. */
public final class Models {
    private static final Map<String, Function<Object, Model<?>>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("register", CasRegister::register);
        BY_NAME.put("cas-register", CasRegister::casRegister);
        BY_NAME.put("mutex", initial -> none("mutex", initial, new Mutex()));
        BY_NAME.put("multi-register", Models::multiRegister);
        BY_NAME.put("set", initial -> none("set", initial, new SetModel()));
        BY_NAME.put("unordered-queue", initial -> none("unordered-queue", initial, new UnorderedQueue()));
        BY_NAME.put("fifo-queue", initial -> none("fifo-queue", initial, new FifoQueue()));
        BY_NAME.put("kv", initial -> none("kv", initial, new KeyValue()));
        BY_NAME.put("kv-unpartitioned", initial -> none("kv-unpartitioned", initial, KeyValue.unpartitioned()));
    }

    private Models() {
    }

    /**
     * The model called {@code name}, starting from {@code initial} (a plain-Java value, as read from
     * EDN), or null for the model's own default.
     *
     * @throws IllegalArgumentException naming the known models when {@code name} is not one, or
     *     saying what {@code initial} should be when the model cannot start from it
     */
    public static Model<?> byName(String name, Object initial) {
        Function<Object, Model<?>> factory = BY_NAME.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; choose one of " + String.join(", ", names()));
        }
        return factory.apply(initial);
    }

    /**
     * As {@link #byName(String, Object)}, read with the given project's semantics; only the
     * cas-register reads histories differently under Porcupine's.
     */
    public static Model<?> byName(String name, Object initial, CasRegister.Semantics semantics) {
        if (semantics == CasRegister.Semantics.KNOSSOS) {
            return byName(name, initial);
        }
        if (!name.equals("cas-register")) {
            throw new IllegalArgumentException("--semantics " + semantics.name().toLowerCase(java.util.Locale.ROOT)
                    + " only changes how a cas-register reads failed CASes and nil reads; drop it for the " + name + " model");
        }
        return CasRegister.casRegister(initial, semantics);
    }

    /** The known model names, in the order a help text lists them. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    private static <S> Model<S> none(String name, Object initial, Model<S> model) {
        if (initial != null) {
            throw new IllegalArgumentException("the " + name + " model takes no initial value, it always starts as "
                    + model.describe(model.init()) + " (got " + Values.toEdn(initial) + "); drop --initial");
        }
        return model;
    }

    private static Model<?> multiRegister(Object initial) {
        if (initial == null) {
            return new MultiRegister(Collections.emptyMap());
        }
        if (initial instanceof Map<?, ?> registers) {
            return new MultiRegister(registers);
        }
        throw new IllegalArgumentException("the multi-register model starts from a map of key to value, e.g. --initial "
                + "'{:x 0 :y 0}' as Knossos's tests use; got " + Values.toEdn(initial));
    }
}
