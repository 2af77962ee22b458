package com.example.register;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * This project is what a user writes, so it uses Faultline's public API only: the harness's public
 * package and the checkers' histories and models — never the harness's runtime or backends
 * ({@code io.faultline.harness.internal}, {@code io.faultline.harness.backend…}), which may change
 * in any release. Checked on this project's compiled classes, so a fully qualified name cannot slip past.
 */
class PublicApiOnlyTest {
    static final String[] PUBLIC_API = {"io.faultline.harness", "io.faultline.checkers.history", "io.faultline.checkers.model"};

    @Test
    void usesNothingOfFaultlineButItsPublicApi() {
        JavaClasses ours = new ClassFileImporter().importPaths(Path.of("target/classes"), Path.of("target/test-classes"));
        assertThat(ours.stream().map(JavaClass::getSimpleName)).contains("RegisterNode", "RegisterChaosTest", "RegisterClient");

        noClasses().should().dependOnClassesThat(resideInAPackage("io.faultline..").and(not(resideInAnyPackage(PUBLIC_API))))
                .because("a user's project should need nothing of Faultline's but its public API")
                .check(ours);
    }
}
