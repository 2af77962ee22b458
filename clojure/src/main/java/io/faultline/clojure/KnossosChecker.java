package io.faultline.clojure;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.PersistentArrayMap;
import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Values;
import io.faultline.checkers.linear.Verdict;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Knossos as a second opinion: runs {@code knossos.competition/analysis} — Knossos' linear and WGL
 * searches in competition, as Jepsen's linearizable checker does — through Clojure interop, on the
 * same history and model Faultline's checker gets. Knossos is not a dependency of Faultline: it
 * lives on Clojars, and the caller puts it on the classpath.
 *
 * <pre>{@code
 * KnossosChecker knossos = KnossosChecker.create();   // throws, saying what to add, without Knossos
 * KnossosResult r = knossos.withTimeLimit(Duration.ofSeconds(30)).check("cas-register", 0L, history);
 * }</pre>
 */
public final class KnossosChecker {
    /** Where Knossos lives on a classpath: its source, or its AOT-compiled namespace. */
    private static final String[] NAMESPACE_RESOURCES = {"knossos/competition.clj", "knossos/competition__init.class"};
    /**
     * Faultline's model names that knossos.model has a constructor of the same name for: these take
     * the initial value, those take nothing. Knossos has no kv model.
     */
    private static final Set<String> INITIAL_VALUE = Set.of("register", "cas-register", "multi-register");
    private static final Set<String> NO_ARGUMENTS = Set.of("mutex", "set", "unordered-queue", "fifo-queue");

    private static final clojure.lang.Keyword VALID = clojure.lang.Keyword.intern("valid?");
    private static final clojure.lang.Keyword CAUSE = clojure.lang.Keyword.intern("cause");
    private static final clojure.lang.Keyword TIME_LIMIT = clojure.lang.Keyword.intern("time-limit");
    private static final clojure.lang.Keyword UNKNOWN = clojure.lang.Keyword.intern("unknown");

    private final Duration timeLimit;

    private KnossosChecker(Duration timeLimit) {
        this.timeLimit = timeLimit;
    }

    /** Whether {@code knossos.competition} is on the classpath Clojure loads from (the thread's context class loader). */
    public static boolean isAvailable() {
        ClassLoader loader = loader();
        for (String resource : NAMESPACE_RESOURCES) {
            if (loader.getResource(resource) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * A checker with no time limit, as Knossos runs by default.
     *
     * @throws IllegalStateException saying what to put on the classpath, when Knossos is not on it
     */
    public static KnossosChecker create() {
        if (!isAvailable()) {
            throw new IllegalStateException(missingMessage());
        }
        return new KnossosChecker(null);
    }

    /** Why Knossos cannot run here, and how to make it run. */
    public static String missingMessage() {
        return "Knossos is not on the classpath (no namespace knossos.competition). It is published on Clojars, "
                + "not Maven Central, as knossos/knossos; put its jar and its dependencies on the classpath: "
                + "with bin/faultline, FAULTLINE_CLASSPATH=\"$(cd knossos && lein classpath)\" bin/faultline check "
                + "--checker knossos ... (in a checkout of https://github.com/jepsen-io/knossos); from a build, add "
                + "the repository https://repo.clojars.org and the dependency knossos:knossos.";
    }

    /** Knossos' {@code {:time-limit ms}}: past it, Knossos answers {@code :unknown} with {@code :cause :timeout}. */
    public KnossosChecker withTimeLimit(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("time limit must be positive, got " + limit);
        }
        return new KnossosChecker(limit);
    }

    /**
     * Knossos' verdict on a history's client operations, for the model {@code modelName} starting
     * from {@code initial}, as {@code bin/faultline check --model NAME --initial EDN} names them. A
     * Knossos that throws answers {@link Verdict#UNKNOWN} with the exception as the cause, as Jepsen's
     * {@code check-safe} does.
     *
     * @throws IllegalArgumentException when Knossos has no such model, or it takes no initial value
     * @throws IllegalStateException when Knossos is on the classpath but does not load (its own
     *     dependencies are missing)
     */
    public KnossosResult check(String modelName, Object initial, History history) {
        Object model = model(modelName, initial);
        Object ops = ClojureData.clientOps(history);
        Object opts = timeLimit == null ? PersistentArrayMap.EMPTY
                : PersistentArrayMap.createAsIfByAssoc(new Object[] {TIME_LIMIT, timeLimit.toMillis()});
        IFn analysis = Clojure.var("knossos.competition", "analysis");
        long start = System.nanoTime();
        Object answer;
        try {
            answer = analysis.invoke(model, ops, opts);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            return new KnossosResult(Verdict.UNKNOWN, Duration.ofNanos(System.nanoTime() - start),
                    "Knossos threw " + e, Map.of());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (!(answer instanceof Map<?, ?> result)) {
            return new KnossosResult(Verdict.UNKNOWN, elapsed, "Knossos answered " + print(answer)
                    + " rather than a map with :valid?", Map.of());
        }
        Object valid = result.get(VALID);
        Verdict verdict = Boolean.TRUE.equals(valid) ? Verdict.VALID
                : Boolean.FALSE.equals(valid) ? Verdict.INVALID : Verdict.UNKNOWN;
        String cause = null;
        if (verdict == Verdict.UNKNOWN) {
            cause = result.containsKey(CAUSE) ? print(result.get(CAUSE))
                    : UNKNOWN.equals(valid) ? "no :cause given" : ":valid? is " + print(valid);
        }
        return new KnossosResult(verdict, elapsed, cause, result);
    }

    /**
     * Checks that Knossos has the model {@code name} and can start it from {@code initial}, as
     * {@link #check} would, without running anything.
     *
     * @throws IllegalArgumentException saying what Knossos has, or what the initial value should be
     */
    public static void requireModel(String name, Object initial) {
        if (!INITIAL_VALUE.contains(name) && !NO_ARGUMENTS.contains(name)) {
            throw new IllegalArgumentException("Knossos has no " + name + " model; it knows register, cas-register, "
                    + "mutex, multi-register, set, unordered-queue and fifo-queue");
        }
        if (NO_ARGUMENTS.contains(name) && initial != null) {
            throw new IllegalArgumentException("Knossos' " + name + " model takes no initial value (got "
                    + Values.toEdn(initial) + ")");
        }
        if (name.equals("multi-register") && !(initial instanceof Map)) {
            throw new IllegalArgumentException("Knossos' multi-register starts from a map of key to value, e.g. "
                    + "{:x 0 :y 0}; got " + Values.toEdn(initial));
        }
    }

    /** Knossos' own model: {@code (knossos.model/cas-register 0)}, {@code (knossos.model/mutex)}, … */
    private static Object model(String name, Object initial) {
        requireModel(name, initial);
        try {
            Clojure.var("clojure.core", "require").invoke(Clojure.read("knossos.model"), Clojure.read("knossos.competition"));
        } catch (Exception e) {
            throw new IllegalStateException("Knossos is on the classpath but does not load: " + e.getMessage()
                    + "; its dependencies must be on the classpath too (in a checkout of Knossos, lein classpath "
                    + "lists them all)", e);
        }
        IFn constructor = Clojure.var("knossos.model", name);
        return INITIAL_VALUE.contains(name) ? constructor.invoke(ClojureData.of(initial)) : constructor.invoke();
    }

    private static String print(Object value) {
        return (String) Clojure.var("clojure.core", "pr-str").invoke(value);
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : KnossosChecker.class.getClassLoader();
    }
}
