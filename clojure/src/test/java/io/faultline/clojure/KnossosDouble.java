package io.faultline.clojure;

import clojure.java.api.Clojure;
import clojure.lang.Atom;
import clojure.lang.IFn;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The stand-in for Knossos in {@code src/test/knossos-double}, on a class loader of its own: a test
 * puts it on the classpath Clojure loads from (the thread's context class loader) only while it
 * runs, so that other tests see a classpath without Knossos.
 */
final class KnossosDouble implements AutoCloseable {
    private final Thread thread = Thread.currentThread();
    private final ClassLoader previous = thread.getContextClassLoader();
    private final URLClassLoader loader;

    private KnossosDouble(URLClassLoader loader) {
        this.loader = loader;
        thread.setContextClassLoader(loader);
        Clojure.var("clojure.core", "require").invoke(Clojure.read("knossos.competition"));
        calls().reset(Clojure.read("[]"));
        answer(Clojure.read("{:valid? true}"));
    }

    /** Knossos on the classpath until {@link #close()}. */
    static KnossosDouble onClasspath() {
        String dir = System.getProperty("faultline.knossos.double");
        if (dir == null) {
            throw new IllegalStateException("-Dfaultline.knossos.double is not set; the POM sets it to src/test/knossos-double");
        }
        try {
            return new KnossosDouble(new URLClassLoader(new URL[] {Path.of(dir).toUri().toURL()}, Thread.currentThread().getContextClassLoader()));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Knossos answers {@code analysis} from now on. */
    void answer(Object analysis) {
        answerWith((IFn) Clojure.var("clojure.core", "constantly").invoke(analysis));
    }

    /** Knossos answers what {@code f} returns for {@code (f model history opts)}, or throws what it throws. */
    void answerWith(IFn f) {
        ((Atom) ((clojure.lang.IDeref) Clojure.var("knossos.competition", "answer")).deref()).reset(f);
    }

    /** What Knossos was called with, in order: maps with :model, :history and :opts. */
    @SuppressWarnings("unchecked")
    List<Map<Object, Object>> callsSoFar() {
        return (List<Map<Object, Object>>) calls().deref();
    }

    private static Atom calls() {
        return (Atom) ((clojure.lang.IDeref) Clojure.var("knossos.competition", "calls")).deref();
    }

    @Override
    public void close() throws Exception {
        thread.setContextClassLoader(previous);
        loader.close();
    }
}
