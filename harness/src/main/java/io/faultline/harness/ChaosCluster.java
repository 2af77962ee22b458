package io.faultline.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the static {@link ClusterSpec} field, or no-argument static method, that a test class's
 * {@link ChaosTest} methods run against; it is looked for on the class, its superclasses and its
 * enclosing classes. Each chaos test boots a fresh cluster from it. For several clusters, see
 * {@link ChaosParameterizedTest}.
 */
@Documented
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ChaosCluster {
}
