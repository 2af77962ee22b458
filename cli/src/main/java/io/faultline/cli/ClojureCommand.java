package io.faultline.cli;

import clojure.java.api.Clojure;
import clojure.lang.ArraySeq;
import clojure.lang.Compiler;
import clojure.lang.IFn;
import clojure.lang.PersistentHashMap;
import clojure.lang.Var;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "clojure",
        description = {
            "Runs a Clojure script with Faultline and Clojure on the classpath, so that it can "
                    + "(require '[faultline.knossos :as fk]) without a build tool. The arguments after FILE are "
                    + "the script's, in *command-line-args*; its output is this command's.",
            "",
            "Example: (println (:valid? (fk/check-file (fk/cas-register 0) (first *command-line-args*))))"},
        sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the script ran to its end (a script may (System/exit n) for a status of its own)",
            "1:the script threw: stderr has Clojure's report of where and why",
            "64:usage error: no FILE",
            "65:FILE is missing or unreadable"})
final class ClojureCommand implements Callable<Integer> {
    /** As {@code clojure} itself exits when a script throws. */
    static final int SCRIPT_THREW = 1;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The script, e.g. check.clj.")
    private Path script;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "The script's arguments.")
    private List<String> args = List.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
            err.println(script + ": " + (Files.isDirectory(script) ? "is a directory; give the script's file"
                    : Files.exists(script) ? "permission denied" : "no such file"));
            err.flush();
            return ExitCodes.DATA;
        }
        IFn require = Clojure.var("clojure.core", "require");
        require.invoke(Clojure.read("clojure.main"));
        Var.pushThreadBindings(PersistentHashMap.create(
                Clojure.var("clojure.core", "*out*"), out,
                Clojure.var("clojure.core", "*err*"), err,
                Clojure.var("clojure.core", "*command-line-args*"), args.isEmpty() ? null : ArraySeq.create(args.toArray())));
        try {
            Clojure.var("clojure.core", "load-file").invoke(script.toString());
            return ExitCodes.OK;
        } catch (Throwable t) {
            err.print(report(t));
            return SCRIPT_THREW;
        } finally {
            Clojure.var("clojure.core", "flush").invoke();
            Var.popThreadBindings();
            out.flush();
            err.flush();
        }
    }

    /**
     * clojure.main's report ("Syntax error compiling at (check.clj:3:1). ..."), except that an
     * exception thrown while running a top-level form names the script's line: clojure.main would
     * name the first stack frame outside Clojure, which here is this class.
     */
    private static String report(Throwable t) {
        if (t instanceof Compiler.CompilerException ce && ce.getCause() != null
                && Compiler.CompilerException.PHASE_EXECUTION.equals(ce.getData().valAt(Compiler.CompilerException.ERR_PHASE))) {
            Throwable cause = ce.getCause();
            return "Execution error (" + cause.getClass().getSimpleName() + ") in the form at " + ce.source + ":" + ce.line
                    + ".\n" + (cause.getMessage() == null ? "" : cause.getMessage() + "\n");
        }
        return (String) Clojure.var("clojure.main", "err->msg").invoke(t);
    }
}
