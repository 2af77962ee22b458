package io.faultline.harness;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The harness's layout, as ARCHITECTURE.md describes it: the public API ({@code io.faultline.harness})
 * imports nothing of the runtime, the backends never reach into the runtime, and no two packages
 * depend on each other.
 */
class LayoutTest {
    private static final JavaClasses HARNESS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.faultline.harness");

    @Test
    void thePublicApiImportsNothingOfTheRuntimeOrTheBackends() {
        noClasses().that().resideInAPackage("io.faultline.harness")
                .should().dependOnClassesThat().resideInAnyPackage("io.faultline.harness.internal..", "io.faultline.harness.backend..")
                .check(HARNESS);
    }

    @Test
    void theBackendsNeverReachIntoTheRuntime() {
        noClasses().that().resideInAPackage("io.faultline.harness.backend..")
                .should().dependOnClassesThat().resideInAPackage("io.faultline.harness.internal..")
                .check(HARNESS);
    }

    @Test
    void eachBackendStandsAlone() {
        noClasses().that().resideInAPackage("io.faultline.harness.backend.process..")
                .should().dependOnClassesThat().resideInAPackage("io.faultline.harness.backend.docker..")
                .check(HARNESS);
        noClasses().that().resideInAPackage("io.faultline.harness.backend.docker..")
                .should().dependOnClassesThat().resideInAPackage("io.faultline.harness.backend.process..")
                .check(HARNESS);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.faultline.(**)").should().beFreeOfCycles()
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.faultline.harness", "io.faultline.checkers", "io.faultline.proxy"));
    }
}
