package io.faultline.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the static {@link ClusterSpec} field of a test class that its {@link ChaosTest} methods run
 * against. Each chaos test boots a fresh cluster from it.
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ChaosCluster {
}
