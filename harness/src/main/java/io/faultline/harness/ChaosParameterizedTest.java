package io.faultline.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * A chaos test run once per argument set, JUnit's {@link ParameterizedTest} with a cluster per
 * invocation: the {@link ClusterSpec} among the arguments is the cluster each run boots (else the
 * class's {@link ChaosCluster}), so one test runs against several specs.
 *
 * <pre>{@code
 * static Stream<Arguments> configs() {
 *     return Stream.of(Arguments.of(ReferenceCluster.of(3, fast)), Arguments.of(ReferenceCluster.of(3, slow)));
 * }
 *
 * @ChaosParameterizedTest
 * @MethodSource("configs")
 * void staysLinearizable(ClusterSpec spec, ChaosRun run) { ... }
 * }</pre>
 */
@Documented
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest
@Tag("chaos")
@ExtendWith(FaultlineExtension.class)
public @interface ChaosParameterizedTest {

    /** The schedule's seed, e.g. {@code seed = 0}; none takes {@code faultline.seed}, else a random seed (printed). */
    long[] seed() default {};

    /** {@code docker} or {@code process}; empty takes {@code faultline.backend}, else Docker when reachable. */
    String backend() default "";
}
