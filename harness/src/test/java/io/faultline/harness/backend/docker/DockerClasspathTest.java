package io.faultline.harness.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerClasspathTest {

    @TempDir
    Path dir;

    @Test
    void directoriesJarsAndWildcardsAreMountedReadOnlyUnderCpAndMissingEntriesSkipped() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path jar = Files.writeString(dir.resolve("lib.jar"), "");
        Path lib = Files.createDirectories(dir.resolve("lib"));

        DockerClasspath mounted = DockerClasspath.mount(List.of(classes.toString(), dir.resolve("missing.jar").toString(),
                jar.toString(), lib + "/*"));

        assertThat(mounted.classpath()).isEqualTo("/cp/0:/cp/1/lib.jar:/cp/2/*");
        assertThat(mounted.binds()).extracting(Bind::getPath, b -> b.getVolume().getPath(), Bind::getAccessMode).containsExactly(
                tuple(classes.toString(), "/cp/0", AccessMode.ro),
                tuple(jar.toString(), "/cp/1/lib.jar", AccessMode.ro),
                tuple(lib.toString(), "/cp/2", AccessMode.ro));
    }

    @Test
    void theClassPathOfAManifestOnlyJarIsFollowedAsJavaWould() throws Exception {
        Path dependency = Files.writeString(dir.resolve("dependency.jar"), "");
        Path classes = Files.createDirectories(dir.resolve("test classes"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, dependency.toUri() + " " + classes.toUri());
        Path booter = dir.resolve("booter.jar");
        try (OutputStream out = Files.newOutputStream(booter); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a jar that is nothing but its manifest, as Surefire's
        }

        String saved = System.getProperty("java.class.path");
        System.setProperty("java.class.path", booter.toString());
        try {
            assertThat(DockerClasspath.ofThisJvm()).containsExactly(booter.toString(), dependency.toString(), classes.toString());
        } finally {
            System.setProperty("java.class.path", saved);
        }
    }
}
