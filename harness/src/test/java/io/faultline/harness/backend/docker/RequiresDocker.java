package io.faultline.harness.backend.docker;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test that needs Docker. Without Docker it is skipped with a banner on stderr, except in CI
 * (environment variable {@code CI} set) or with {@code -Dfaultline.requireDocker=true}, where it
 * fails: a broken Docker must not turn into a green build.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDocker.Condition.class)
public @interface RequiresDocker {

    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> problem = DockerEnvironment.problem();
            if (problem.isEmpty()) {
                return ConditionEvaluationResult.enabled(DockerEnvironment.describe());
            }
            String test = context.getDisplayName();
            String why = problem.get().endsWith("start dockerd")
                    ? problem.get() + " (in the background: (nohup dockerd > /tmp/dockerd.log 2>&1 &))" : problem.get();
            if (System.getenv("CI") != null || Boolean.getBoolean("faultline.requireDocker")) {
                throw new IllegalStateException(test + " needs Docker, and Docker is required here ("
                        + (System.getenv("CI") != null ? "CI is set" : "-Dfaultline.requireDocker=true") + "): "
                        + why);
            }
            if (context.getElement().map(e -> e.isAnnotationPresent(RequiresDocker.class)).orElse(false)) {
                String line = "=".repeat(100);
                System.err.println(line + "\n faultline: SKIPPING " + test + ": it needs Docker.\n " + why
                        + "\n In CI (CI set) or with -Dfaultline.requireDocker=true this fails instead.\n" + line);
            }
            return ConditionEvaluationResult.disabled(problem.get());
        }
    }
}
