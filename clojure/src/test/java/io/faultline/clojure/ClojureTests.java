package io.faultline.clojure;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.Var;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The clojure.test namespaces under {@code src/test/clojure} ({@code *_test.clj}), each test var a
 * JUnit test, so that {@code mvn verify} runs and reports them like any other.
 */
class ClojureTests {

    @TestFactory
    Stream<DynamicTest> clojureTestVars() throws IOException, URISyntaxException {
        Clojure.var("clojure.core", "require").invoke(Clojure.read("faultline.junit"));
        IFn testVars = Clojure.var("faultline.junit", "test-vars");
        IFn run = Clojure.var("faultline.junit", "run");
        Path root = Path.of(ClojureTests.class.getResource("/faultline/junit.clj").toURI()).getParent().getParent();
        List<String> namespaces;
        try (Stream<Path> files = Files.walk(root)) {
            namespaces = files.filter(f -> f.getFileName().toString().endsWith("_test.clj"))
                    .map(f -> root.relativize(f).toString().replaceFirst("\\.clj$", "").replace('/', '.').replace('_', '-'))
                    .sorted()
                    .toList();
        }
        if (namespaces.isEmpty()) {
            throw new IllegalStateException("no *_test.clj under " + root + "; the test resources were not copied");
        }
        return namespaces.stream().flatMap(ns -> {
            @SuppressWarnings("unchecked")
            List<Var> vars = (List<Var>) testVars.invoke(ns);
            return vars.stream().map(v -> DynamicTest.dynamicTest(ns + "/" + v.sym, () -> {
                @SuppressWarnings("unchecked")
                List<Map<Object, Object>> problems = (List<Map<Object, Object>>) run.invoke(v);
                if (!problems.isEmpty()) {
                    StringBuilder text = new StringBuilder();
                    Throwable cause = null;
                    for (Map<Object, Object> p : problems) {
                        text.append(p.get(Clojure.read(":text"))).append('\n');
                        if (cause == null && p.get(Clojure.read(":throwable")) instanceof Throwable t) {
                            cause = t;
                        }
                    }
                    throw new AssertionError(problems.size() + " problem(s) in " + ns + "/" + v.sym + ":\n" + text, cause);
                }
            }));
        });
    }
}
