package io.faultline.harness;

import io.faultline.checkers.detection.DetectionChecker;
import io.faultline.checkers.detection.DetectionReport;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.linear.Counterexample;
import io.faultline.checkers.linear.LinearizabilityChecker;
import io.faultline.checkers.linear.LinearizabilityResult;
import io.faultline.checkers.linear.ResultJson;
import io.faultline.checkers.linear.Verdict;
import io.faultline.checkers.model.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a run, which run the checkers and leave their verdicts in the run directory
 * ({@code linearizability.json}, {@code durability.json}) for the report.
 *
 * <pre>{@code
 * assertThat(result).isLinearizable(CasRegister.casRegister(0L)).lostNoAcknowledgedWrites();
 * }</pre>
 */
public final class RunAssert extends AbstractAssert<RunAssert, RunResult> {
    private Duration checkerTimeLimit = Duration.ofMinutes(2);

    RunAssert(RunResult actual) {
        super(actual, RunAssert.class);
    }

    /** Entry point, beside AssertJ's own {@code assertThat}. */
    public static RunAssert assertThat(RunResult result) {
        return new RunAssert(result);
    }

    /** How long the linearizability check may search before it answers unknown (which fails the assertion). */
    public RunAssert withCheckerTimeLimit(Duration limit) {
        RunAssert copy = new RunAssert(actual);
        copy.checkerTimeLimit = limit;
        return copy;
    }

    /** The client history is linearizable with respect to {@code model}. */
    public RunAssert isLinearizable(Model<?> model) {
        isNotNull();
        LinearizabilityResult result;
        try {
            result = LinearizabilityChecker.create().withTimeLimit(checkerTimeLimit).check(model, actual.history());
        } catch (HistoryException e) {
            return passes(Checkers.malformed("linearizability", e), "");
        }
        write("linearizability.json", new ResultJson().pretty(actual.directory().resolve("history.edn").toString(), result));
        return passes(Checkers.linearizability(model, result),
                result.verdict() == Verdict.INVALID ? "\n" + describe(result.counterexample()) : "");
    }

    /**
     * Every acknowledged {@code :add} is in the final read (Jepsen's set checker): no acknowledged
     * write was lost, and nothing appeared that nobody added.
     */
    public RunAssert lostNoAcknowledgedWrites() {
        return satisfies(Checkers.lostNoAcknowledgedWrites());
    }

    /**
     * {@code checker} — a built-in one from {@link Checkers}, a composition, or your own — finds the
     * run VALID; its JSON form is written to {@code <name>.json} in the run directory.
     */
    public RunAssert satisfies(Checker checker) {
        isNotNull();
        CheckResult result = Checker.safely(checker, actual);
        write(result.name() + ".json", result.toJson());
        return passes(result, "");
    }

    private RunAssert passes(CheckResult result, String more) {
        if (!result.isValid()) {
            failWithMessage("%s: %s%s%s", result.name(), result.parts().isEmpty()
                    ? result.summary() : String.join("; ", result.problems()), more, evidence());
        }
        return this;
    }

    /**
     * Judges failure detection: every injected fault against what the cluster's detection probes
     * reported, written to {@code detection.json}.
     */
    public DetectionAssert detection() {
        return detection(DetectionChecker.create());
    }

    /** As {@link #detection()}, with a checker of your own, e.g. another grace period. */
    public DetectionAssert detection(DetectionChecker checker) {
        isNotNull();
        DetectionReport report = checker.check(DetectionTimeline.of(actual));
        write("detection.json", report.toJson());
        return new DetectionAssert(report);
    }

    /** Where the evidence is, for a failure message that is read far from the run. */
    private String evidence() {
        return String.format("%n  run directory: %s%n  rerun: %s", actual.directory(), actual.rerunCommand());
    }

    private static String describe(Counterexample cex) {
        StringBuilder s = new StringBuilder();
        s.append("  cannot linearize: ").append(cex.op()).append('\n');
        if (cex.partition() != null) {
            s.append("  in partition: ").append(cex.partition()).append('\n');
        }
        s.append("  the object could have been in: ").append(cex.possibleStates()).append('\n');
        if (!cex.longestPrefixes().isEmpty()) {
            var prefix = cex.longestPrefixes().get(0);
            s.append("  a longest linearizable prefix (").append(prefix.size()).append(" ops) ends with:\n");
            for (Counterexample.Step step : prefix.subList(Math.max(0, prefix.size() - 5), prefix.size())) {
                s.append("    ").append(step.op()).append("  -> ").append(step.stateAfter()).append('\n');
            }
        }
        s.append("  last ok operation of each other process: ").append(cex.previousOk().values());
        return s.toString();
    }

    private void write(String file, String content) {
        try {
            Files.writeString(actual.directory().resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " into the run directory " + actual.directory(), e);
        }
    }
}
