package io.faultline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.checkers.format.HistoryFormat;
import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.linear.LinearizabilityChecker;
import io.faultline.checkers.linear.LinearizabilityResult;
import io.faultline.checkers.linear.ResultJson;
import io.faultline.checkers.linear.Verdict;
import io.faultline.checkers.model.CasRegister;
import io.faultline.checkers.model.Model;
import io.faultline.checkers.model.Models;
import io.faultline.clojure.KnossosChecker;
import io.faultline.clojure.KnossosResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "check",
        description = {
            "Checks that each history is linearizable with respect to a model, and prints one JSON object "
                    + "per file, one per line: file, valid (true, false or \"unknown\"), model, ops (client "
                    + "operations), millis, and reason (when unknown) or counterexample (when invalid).",
            "",
            "Every file is checked even when an earlier one is invalid or unreadable; problems with a file "
                    + "are printed on stderr as file:line: what is wrong.",
            "",
            "With --checker knossos, Knossos checks each history too, as a second opinion, and each line adds "
                    + "knossos (its valid, millis, and cause or op) and agree."},
        sortOptions = false,
        exitCodeListHeading = "%nExit codes (the worst over all files wins; 65 over 1 over 2):%n",
        exitCodeList = {
            "0:every history is linearizable",
            "1:some history is not linearizable",
            "2:for some history the checker ran out of time or memory before deciding",
            "64:usage error: unknown model, bad option value, no files",
            "65:some file is missing, unreadable or malformed",
            "70:internal error: a bug in faultline; please report it with the stack trace"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "The sequential specification to check against: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ModelNames.class)
    private String model;

    @Option(names = "--initial", paramLabel = "EDN", converter = EdnValueConverter.class,
            description = "The model's initial state as an EDN value: nil, 0, :x, '{:x 0 :y 0}'. Default nil: "
                    + "an empty register, as in Porcupine's etcd tests (Knossos' stored cas-register tests "
                    + "start at 0), and for the other models their own empty state.")
    private Object initial;

    @Option(names = "--semantics", paramLabel = "knossos|porcupine", defaultValue = "knossos",
            converter = SemanticsConverter.class,
            description = "How cas-register reads failures and nil reads. knossos (default): a :fail "
                    + "operation never happened and a nil read constrains nothing. porcupine: a failed :cas "
                    + "saw a value other than the one it expected, and a nil read saw an empty register.")
    private CasRegister.Semantics semantics;

    @Option(names = "--checker", paramLabel = "faultline|knossos", defaultValue = "faultline",
            description = "faultline (default): Faultline's checker. knossos: Faultline's checker and, as a second "
                    + "opinion, Knossos' (knossos.competition/analysis, through Clojure) on the same history and model, "
                    + "under the same --time-limit; the exit status is then the worse of the two. Knossos is not "
                    + "bundled (it lives on Clojars): put it on the classpath with FAULTLINE_CLASSPATH.")
    private String checker;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto", converter = FormatConverter.class,
            description = "auto (default: guessed from each file's name and first bytes), edn, jepsen-log, "
                    + "porcupine-kv or jsonl.")
    private HistoryFormat format;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Give up on a file, answering \"unknown\", after this long, reading it included: "
                    + "500ms, 60s, 2m. Default ${DEFAULT-VALUE}.")
    private Duration timeLimit;

    @Option(names = "--memory-limit", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Give up on a file, answering \"unknown\", when the search's memo tables hold this much: "
                    + "512m, 2g. Default: half the JVM's maximum heap.")
    private Long memoryLimit;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Histories to check.")
    private List<Path> files;

    @Override
    public Integer call() {
        Model<?> checked = model();
        KnossosChecker knossos = secondOpinion();
        LinearizabilityChecker unlimited = LinearizabilityChecker.create();
        if (memoryLimit != null) {
            unlimited = unlimited.withMemoryLimit(memoryLimit);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ResultJson json = new ResultJson();
        Verdict worst = Verdict.VALID;
        boolean unreadable = false;
        for (Path file : files) {
            String name = file.toString();
            long start = System.nanoTime();
            History history;
            List<Operation> operations;
            try {
                HistoryFormat read = format != null ? format : HistoryFormat.detect(file);
                try (Reader in = new TimeLimitedReader(HistoryFormat.open(file), start, timeLimit)) {
                    history = read.read(in, name);
                }
                operations = history.operations();
            } catch (TimeLimitedReader.OutOfTime e) {
                LinearizabilityResult result = new LinearizabilityResult(Verdict.UNKNOWN, checked.name(), 0,
                        Duration.ofNanos(System.nanoTime() - start), e.getMessage(), null, 0);
                worst = worst.and(result.verdict());
                out.println(json.line(name, result));
                out.flush();
                continue;
            } catch (HistoryException | IOException | IllegalArgumentException e) {
                unreadable = true;
                err.println(oneLine(problem(name, e)));
                err.flush();
                continue;
            }
            // what reading took comes off the search's time; a search left without time answers unknown at once
            Duration left = timeLimit.minusNanos(System.nanoTime() - start);
            Duration least = Duration.ofMillis(1);
            LinearizabilityResult result = unlimited.withTimeLimit(left.compareTo(least) < 0 ? least : left).check(checked, operations);
            worst = worst.and(result.verdict());
            if (knossos == null) {
                out.println(json.line(name, result));
            } else {
                KnossosResult second = knossos.check(model, initial, history);
                worst = worst.and(second.verdict());
                out.println(withSecondOpinion(json.line(name, result), result.verdict(), second));
                if (result.verdict() != second.verdict()) {
                    err.println(name + ": Faultline says " + verdictWords(result.verdict()) + ", Knossos says "
                            + verdictWords(second.verdict()) + (second.cause() == null ? "" : " (" + second.cause() + ")"));
                    err.flush();
                }
            }
            out.flush();
        }
        if (unreadable) {
            return ExitCodes.DATA;
        }
        return switch (worst) {
            case VALID -> ExitCodes.OK;
            case INVALID -> ExitCodes.INVALID;
            case UNKNOWN -> ExitCodes.UNKNOWN;
        };
    }

    /**
     * Control characters escaped: a parser's message may quote what it choked on (a newline, a
     * terminal escape from a binary file), and each problem must stay one line of plain text.
     */
    static String oneLine(String problem) {
        StringBuilder out = new StringBuilder(problem.length());
        problem.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Knossos, when asked for and able to check this model; fails at once otherwise, before any file is read. */
    private KnossosChecker secondOpinion() {
        if (checker.equals("faultline")) {
            return null;
        }
        if (!checker.equals("knossos")) {
            throw new ParameterException(spec.commandLine(), "'" + checker + "' is not a checker; choose faultline or knossos");
        }
        if (semantics != CasRegister.Semantics.KNOSSOS) {
            throw new ParameterException(spec.commandLine(), "--checker knossos reads histories as Knossos does; "
                    + "drop --semantics porcupine");
        }
        try {
            KnossosChecker.requireModel(model, initial);
            return KnossosChecker.create().withTimeLimit(timeLimit);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), "--checker knossos: " + e.getMessage());
        }
    }

    /** Faultline's line, with {@code "knossos": {...}} and {@code "agree"} added. */
    private static String withSecondOpinion(String line, Verdict faultline, KnossosResult knossos) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(line);
            ObjectNode second = json.putObject("knossos");
            second.putPOJO("valid", knossos.verdict().jepsenValid());
            second.put("millis", knossos.elapsed().toMillis());
            if (knossos.cause() != null) {
                second.put("cause", knossos.cause());
            }
            Object op = knossos.analysis().get(clojure.lang.Keyword.intern("op"));
            if (op != null) {
                second.put("op", (String) clojure.java.api.Clojure.var("clojure.core", "pr-str").invoke(op));
            }
            json.put("agree", faultline == knossos.verdict());
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ResultJson wrote a line that is not JSON: " + line, e);
        }
    }

    private static String verdictWords(Verdict verdict) {
        return switch (verdict) {
            case VALID -> "linearizable";
            case INVALID -> "not linearizable";
            case UNKNOWN -> "unknown";
        };
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line for stderr: where the problem is, and what it is. */
    private static String problem(String file, Exception e) {
        if (e instanceof HistoryException h) {
            return h.in(file).getMessage();
        }
        if (e instanceof NoSuchFileException) {
            return file + ": no such file";
        }
        if (e instanceof AccessDeniedException) {
            return file + ": permission denied";
        }
        if (e instanceof IOException && Files.isDirectory(Path.of(file))) {
            return file + ": is a directory; pass the histories in it, e.g. " + Path.of(file, "*.edn");
        }
        if (e instanceof IOException) {
            return file + ": cannot read: " + e.getMessage();
        }
        // HistoryFormat.detect could not tell the format; its message names the file and the fix
        return e.getMessage();
    }

    private Model<?> model() {
        try {
            return Models.byName(model, initial, semantics);
        } catch (IllegalArgumentException e) {
            // an unknown name or an initial value the model cannot start from: both are the user's to fix
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The model names, for --help. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Models.names().iterator();
        }
    }

    static final class SemanticsConverter implements ITypeConverter<CasRegister.Semantics> {
        @Override
        public CasRegister.Semantics convert(String text) {
            for (CasRegister.Semantics s : CasRegister.Semantics.values()) {
                if (s.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return s;
                }
            }
            throw new TypeConversionException("'" + text + "' is not a semantics; choose knossos or porcupine");
        }
    }

    /** Null stands for auto: each file's format is guessed. */
    static final class FormatConverter implements ITypeConverter<HistoryFormat> {
        @Override
        public HistoryFormat convert(String text) {
            if (text.equals("auto")) {
                return null;
            }
            try {
                return HistoryFormat.fromCliName(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage().replace("choose one of ", "choose one of auto, "));
            }
        }
    }
}
