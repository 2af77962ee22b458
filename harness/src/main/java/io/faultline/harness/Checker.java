package io.faultline.harness;

import io.faultline.checkers.linear.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges what a run recorded — its client history and its events — as Jepsen's checkers do. A
 * checker that throws is answered UNKNOWN, never a crashed run; checkers compose into one whose
 * verdict is INVALID over UNKNOWN over VALID, like Jepsen's {@code compose}.
 *
 * <pre>{@code
 * Checker noErrors = run -> run.history().ops().stream().anyMatch(op -> op.error() != null)
 *         ? CheckResult.invalid("no-errors", "an operation completed with an error", Map.of())
 *         : CheckResult.valid("no-errors", "no operation completed with an error", Map.of());
 * RunAssert.assertThat(result).satisfies(Checker.compose("mine", noErrors, Checkers.lostNoAcknowledgedWrites()));
 * }</pre>
 */
@FunctionalInterface
public interface Checker {

    CheckResult check(RunResult run) throws Exception;

    /** What to call this checker's result when it cannot give one itself (it threw): its file is {@code <name>.json}. */
    default String name() {
        return "checker";
    }

    /**
     * Runs {@code checker}, turning an exception into UNKNOWN (Jepsen's {@code check-safe}): a
     * checker's own bug must not read as a verdict on the system.
     */
    static CheckResult safely(Checker checker, RunResult run) {
        try {
            CheckResult result = checker.check(run);
            if (result == null) {
                return CheckResult.unknown(checker.name(), "the checker returned no result");
            }
            return result;
        } catch (Exception | LinkageError | AssertionError e) {
            return CheckResult.unknown(checker.name(), "the checker threw " + e);
        }
    }

    /** One checker that runs every one of {@code checkers}; its verdict is the worst of theirs. */
    static Checker compose(String name, Checker... checkers) {
        List<Checker> all = List.of(checkers);
        return new Checker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult check(RunResult run) {
                List<CheckResult> parts = new ArrayList<>();
                Verdict verdict = Verdict.VALID;
                for (Checker c : all) {
                    CheckResult part = safely(c, run);
                    parts.add(part);
                    verdict = verdict.and(part.verdict());
                }
                String summary = verdict == Verdict.VALID ? "every check passed"
                        : String.join("; ", parts.stream().flatMap(p -> p.problems().stream()).toList());
                return new CheckResult(name, verdict, summary, Map.of(), parts);
            }
        };
    }
}
