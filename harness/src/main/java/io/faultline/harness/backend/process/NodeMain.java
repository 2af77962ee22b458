package io.faultline.harness.backend.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The main class of every Java node: {@code NodeMain <mainClass> <args...>}. It runs the real main
 * and halts the JVM as soon as its standard input reaches end of file. The harness holds the write
 * end of that pipe and never writes to it, so the input ends exactly when the test JVM dies, however
 * it dies (kill -9 included): a node cannot outlive its test. The target must not read its standard
 * input.
 */
final class NodeMain {

    /** Exit status of a node halted because its test JVM is gone: what a SIGKILL would give, 128 + 9. */
    static final int ORPHANED = 137;

    private NodeMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: NodeMain <main class> [args...]: the process backend runs it, keeping standard input open");
            System.exit(2);
        }
        Thread watch = new Thread(NodeMain::haltAtEndOfInput, "faultline-stdin-watch");
        watch.setDaemon(true);
        watch.start();

        Class<?> mainClass = Class.forName(args[0], true, ClassLoader.getSystemClassLoader());
        Method main = mainClass.getMethod("main", String[].class);
        // a package-private class may have a public main, as the java launcher allows
        main.setAccessible(true);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            // rethrown as the launcher would report it: the target's own exception, exit code 1
            throw e.getCause();
        }
    }

    private static void haltAtEndOfInput() {
        InputStream in = System.in;
        byte[] ignored = new byte[256];
        try {
            while (in.read(ignored) >= 0) {
                // the harness never writes; anything read is discarded
            }
        } catch (IOException e) {
            // the target closed System.in: no longer a way to notice the harness dying; the reaper still does
            return;
        }
        Runtime.getRuntime().halt(ORPHANED);
    }
}
