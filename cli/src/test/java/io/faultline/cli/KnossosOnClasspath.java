package io.faultline.cli;

import clojure.java.api.Clojure;
import clojure.lang.Atom;
import clojure.lang.IDeref;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The clojure module's stand-in for Knossos ({@code clojure/src/test/knossos-double}), on the class
 * loader Clojure loads from while a test runs: Knossos itself is on Clojars, out of this build's reach.
 */
final class KnossosOnClasspath implements AutoCloseable {
    private final Thread thread = Thread.currentThread();
    private final ClassLoader previous = thread.getContextClassLoader();
    private final URLClassLoader loader;

    KnossosOnClasspath() throws Exception {
        String dir = System.getProperty("faultline.knossos.double");
        loader = new URLClassLoader(new URL[] {Path.of(dir).toUri().toURL()}, previous);
        thread.setContextClassLoader(loader);
        Clojure.var("clojure.core", "require").invoke(Clojure.read("knossos.competition"));
    }

    /** Knossos answers this analysis, written in Clojure (record literals allowed), from now on. */
    void answer(String analysis) {
        Object value = Clojure.var("clojure.core", "read-string").invoke(analysis);
        Object f = Clojure.var("clojure.core", "constantly").invoke(value);
        ((Atom) ((IDeref) Clojure.var("knossos.competition", "answer")).deref()).reset(f);
    }

    @Override
    public void close() throws Exception {
        thread.setContextClassLoader(previous);
        loader.close();
    }
}
