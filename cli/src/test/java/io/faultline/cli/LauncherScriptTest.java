package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/faultline's decision to rebuild, in a stand-in checkout (cli depends on checkers; suites is
 * nobody's dependency) with a stand-in mvn that notes it was called and a java that does nothing:
 * a source or POM of cli or a module it is built from, newer than the jar, rebuilds it; a file
 * anywhere else does not.
 */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("bin/faultline");
    private static final Instant BUILT = Instant.now().minusSeconds(60);

    @TempDir
    Path root;
    private Path builds;

    @BeforeEach
    void checkout() throws Exception {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(SCRIPT, root.resolve("bin/faultline"));
        write("pom.xml", "<project><artifactId>faultline-parent</artifactId></project>");
        write("cli/pom.xml", "<project><parent><artifactId>faultline-parent</artifactId></parent>"
                + "<artifactId>faultline-cli</artifactId><dependency><artifactId>faultline-checkers</artifactId></dependency></project>");
        write("cli/src/main/java/Cli.java", "class Cli {}");
        write("checkers/pom.xml", "<project><artifactId>faultline-checkers</artifactId></project>");
        write("checkers/src/main/java/Checker.java", "class Checker {}");
        write("checkers/src/main/java/Old.java", "class Old {}");
        write("suites/pom.xml", "<project><artifactId>faultline-suites</artifactId>"
                + "<dependency><artifactId>faultline-checkers</artifactId></dependency></project>");
        write("suites/src/main/java/Suite.java", "class Suite {}");
        Files.createDirectories(root.resolve("cli/target/lib"));
        write("cli/target/faultline-cli.jar", "jar");
        builds = root.resolve("builds");
        Path tools = Files.createDirectories(root.resolve("tools"));
        executable(tools.resolve("mvn"), "#!/bin/sh\necho built >> '" + builds + "'\n");
        executable(tools.resolve("java"), "#!/bin/sh\nexit 0\n");
        assertThat(runs()).as("a jar without the list of what it was built from is built, which writes the list").isEqualTo(1);
        Files.delete(builds);
        // everything as it was when the jar was built, a minute ago
        try (var files = Files.walk(root)) {
            for (Path p : files.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(BUILT.minusSeconds(60)));
            }
        }
        Files.setLastModifiedTime(root.resolve("cli/target/faultline-cli.jar"), FileTime.from(BUILT));
    }

    @Test
    void anUpToDateJarIsNotRebuilt() throws Exception {
        assertThat(runs()).isZero();
        assertThat(root.resolve("cli/target/faultline-cli.inputs")).content()
                .contains(root.resolve("checkers/src/main").toString()).doesNotContain("suites");
    }

    @Test
    void aModuleThatIsGoneRebuilds() throws Exception {
        try (var files = Files.walk(root.resolve("checkers/src"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertThat(runs()).isEqualTo(1);
    }

    @Test
    void aChangedSourceOfAModuleTheCliIsBuiltFromRebuildsItOnce() throws Exception {
        touch("checkers/src/main/java/Checker.java");
        assertThat(runs()).isEqualTo(1);
        assertThat(runs()).as("the jar is marked built").isEqualTo(1);
    }

    @Test
    void aDeletedSourceRebuilds() throws Exception {
        Files.delete(root.resolve("checkers/src/main/java/Old.java"));
        assertThat(runs()).isEqualTo(1);
    }

    @Test
    void aChangedPomRebuilds() throws Exception {
        touch("pom.xml");
        assertThat(runs()).isEqualTo(1);
    }

    @Test
    void aChangeInAModuleTheCliIsNotBuiltFromDoesNotRebuild() throws Exception {
        touch("suites/src/main/java/Suite.java");
        touch("suites/pom.xml");
        write("docs/notes.md", "notes");
        assertThat(runs()).isZero();
    }

    /** Runs bin/faultline; returns how many builds it has started so far. */
    private int runs() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/faultline").toString(), "--version")
                .redirectErrorStream(true);
        pb.environment().put("PATH", root.resolve("tools") + ":" + System.getenv("PATH"));
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
    }

    private void touch(String file) throws IOException {
        Files.setLastModifiedTime(root.resolve(file), FileTime.from(Instant.now()));
    }

    private void write(String file, String text) throws IOException {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), text);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
