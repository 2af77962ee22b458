package io.faultline.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a chaos test: before it runs, the cluster declared by the class's {@link ChaosCluster} field or method
 * boots with every link behind a proxy; the test method receives a {@link ChaosRun}; afterwards the
 * cluster is torn down and the run directory holds the evidence.
 *
 * <p>Configuration resolves annotation, then the JUnit configuration parameter or system property
 * ({@code faultline.seed}, {@code faultline.backend}), then the default.
 */
@Documented
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Test
@Tag("chaos")
@ExtendWith(FaultlineExtension.class)
public @interface ChaosTest {

    /**
     * The schedule's seed, e.g. {@code @ChaosTest(seed = 42)} — any value, 0 included; none takes
     * {@code faultline.seed}, else a random seed (printed).
     */
    long[] seed() default {};

    /** {@code docker} or {@code process}; empty takes {@code faultline.backend}, else Docker when reachable. */
    String backend() default "";
}
