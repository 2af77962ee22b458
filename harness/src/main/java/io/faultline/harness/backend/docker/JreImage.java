package io.faultline.harness.backend.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The image every Java node runs in: a JRE cut with jlink from the running JDK, the shared
 * libraries it needs, and busybox when the host has it (Debian's busybox-static; a dynamic one
 * brings its libraries along), for a shell. No registry is reachable, so the
 * image is made from the host's own files; it is tagged with a hash of its inputs and so built once
 * per machine and JDK.
 *
 * <p>The image is loaded as a {@code docker save} archive that is written here (one layer, a config
 * with {@code PATH}), not imported: docker-java's import command sends the tar as JSON and fails.
 */
final class JreImage {

    static final String REPOSITORY = "faultline/jre";

    /**
     * What typical Java servers need, checked with {@code jdeps --print-module-deps} on ZooKeeper
     * 3.9.5 (java.management, java.naming, java.security.jgss, java.security.sasl), Hazelcast 5.4.0
     * (java.net.http, java.scripting, java.sql, jdk.net, jdk.unsupported) and JGroups 5.3
     * (java.desktop, for java.beans). Besides: java.logging and java.xml, which most libraries use;
     * jdk.management, through which ZooKeeper and others read process metrics; jdk.crypto.ec for TLS
     * with EC keys; jdk.jcmd, so that jstack and jcmd can take a thread dump of a stuck node;
     * jdk.httpserver, which Faultline's own proxy server is built on.
     */
    static final List<String> MODULES = List.of(
            "java.base", "java.desktop", "java.logging", "java.management", "java.naming", "java.net.http",
            "java.scripting", "java.security.jgss", "java.security.sasl", "java.sql", "java.xml",
            "jdk.crypto.ec", "jdk.httpserver", "jdk.jcmd", "jdk.management", "jdk.net", "jdk.unsupported");

    private static final List<String> JLINK_OPTIONS = List.of("--strip-debug", "--no-header-files", "--no-man-pages");

    /** Bump when the way the image is made changes, so that old images are not reused. */
    private static final String RECIPE = "2";

    private static final Path JRE_IN_IMAGE = Path.of("opt/jre");

    private final DockerClient docker;
    private final Path javaHome = Path.of(System.getProperty("java.home"));
    private final Optional<Path> busybox = Stream.of("/bin/busybox", "/usr/bin/busybox")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    JreImage(DockerClient docker) {
        this.docker = docker;
    }

    /** {@code faultline/jre:<hash of the inputs>}. */
    String name() {
        return REPOSITORY + ":" + inputHash();
    }

    /** The image's name, built first if this machine does not have it yet. */
    String ensure() throws IOException, InterruptedException {
        String name = name();
        synchronized (JreImage.class) {
            if (!exists(docker, name)) {
                build(name);
            }
        }
        return name;
    }

    /** Whether {@code image} (any image) is present locally: asking never pulls. */
    static boolean exists(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void build(String name) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        System.err.println("faultline: building " + name + " from " + javaHome + " (jlink; once per machine and JDK)"
                + (busybox.isPresent() ? "" : "; no static busybox on this host (apt-get install busybox-static), "
                + "so the image has no shell: Java nodes and commands run without one"));
        Path staging = Files.createTempDirectory("faultline-jre-");
        try {
            Path rootfs = staging.resolve("rootfs");
            Path jre = rootfs.resolve(JRE_IN_IMAGE);
            jlink(jre);
            List<Path> binaries = new ArrayList<>();
            try (Stream<Path> files = Files.walk(jre)) {
                files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                                && (f.getParent().getFileName().toString().equals("bin") || f.toString().endsWith(".so")))
                        .forEach(binaries::add);
            }
            if (busybox.isPresent()) {
                addBusybox(rootfs, busybox.get());
                binaries.add(busybox.get());
            }
            for (Path library : sharedLibraries(binaries)) {
                Path target = rootfs.resolve(Path.of("/").relativize(library));
                Files.createDirectories(target.getParent());
                Files.copy(library, target, StandardCopyOption.REPLACE_EXISTING); // follows links: the soname gets the file
            }
            Files.createDirectories(rootfs.resolve("etc"));
            Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
            Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
            for (String dir : List.of("root", "tmp", "data", "config", "cp")) {
                Files.createDirectories(rootfs.resolve(dir));
            }
            run(List.of("chmod", "1777", rootfs.resolve("tmp").toString()));
            load(staging, rootfs, name);
        } finally {
            deleteRecursively(staging);
        }
        long mb = docker.inspectImageCmd(name).exec().getSize() / (1024 * 1024);
        System.err.printf("faultline: built %s (%d MB) in %.1f s%n", name, mb, (System.nanoTime() - t0) / 1e9);
    }

    private void jlink(Path output) {
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException(
                "the Docker backend cuts its JRE image with jlink from the running JDK, but " + javaHome
                        + " has no jlink (is it a JRE?); run the tests on a JDK, or with -Dfaultline.backend=process"));
        List<String> args = new ArrayList<>(List.of("--add-modules", String.join(",", MODULES)));
        args.addAll(JLINK_OPTIONS);
        args.addAll(List.of("--output", output.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            int status = jlink.run(print, print, args.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("jlink " + String.join(" ", args) + " failed (" + status + "):\n" + out);
            }
        }
    }

    /** busybox as /bin/busybox, with a link per applet (sh, ls, cat, ...) unless one exists. */
    private static void addBusybox(Path staging, Path busybox) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(staging.resolve("bin"));
        Files.copy(busybox, bin.resolve("busybox"));
        for (String applet : run(List.of(busybox.toString(), "--list")).split("\\s+")) {
            Path link = bin.resolve(applet);
            if (!applet.isBlank() && !applet.equals("busybox") && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of("busybox"));
            }
        }
    }

    /**
     * Every library {@code ldd} resolves for the binaries, and the dynamic loader, by absolute
     * path. "not found" entries are skipped: they belong to code a headless server never loads (the
     * X11 parts of java.desktop).
     */
    private static TreeSet<Path> sharedLibraries(List<Path> binaries) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ldd"));
        binaries.forEach(b -> command.add(b.toString()));
        TreeSet<Path> libraries = new TreeSet<>();
        // ldd exits with 1 when one of many files is not dynamic (busybox); its output is still complete.
        for (String line : run(command, true).split("\n")) {
            String entry = line.trim();
            int arrow = entry.indexOf("=> /");
            if (arrow >= 0) {
                libraries.add(Path.of(entry.substring(arrow + 3, entry.lastIndexOf(" ("))));
            } else if (entry.startsWith("/") && entry.contains(" (0x")) {
                libraries.add(Path.of(entry.substring(0, entry.indexOf(" ("))));
            }
        }
        return libraries;
    }

    /**
     * Loads {@code rootfs} as the only layer of image {@code name}, in the format {@code docker load}
     * reads: {@code manifest.json}, the image config, and the layer tar named by the config's diff id.
     */
    private void load(Path staging, Path rootfs, String name) throws IOException, InterruptedException {
        Path archive = Files.createDirectories(staging.resolve("archive"));
        Path layer = archive.resolve("layer.tar");
        run(List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "-C", rootfs.toString(), "-cf", layer.toString(), "."));
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode()
                .put("architecture", System.getProperty("os.arch").equals("aarch64") ? "arm64" : System.getProperty("os.arch"))
                .put("os", "linux")
                .put("created", Instant.now().toString());
        ObjectNode containerConfig = config.putObject("config");
        containerConfig.putArray("Env").add("PATH=/" + JRE_IN_IMAGE + "/bin:/usr/bin:/bin");
        containerConfig.putObject("Labels")
                .put("faultline.jre.from", javaHome + " " + System.getProperty("java.runtime.version"))
                .put("faultline.jre.modules", String.join(",", MODULES));
        ObjectNode rootfsConfig = config.putObject("rootfs").put("type", "layers");
        rootfsConfig.putArray("diff_ids").add("sha256:" + sha256(layer));
        json.writeValue(archive.resolve("config.json").toFile(), config);
        ArrayNode manifest = json.createArrayNode();
        ObjectNode entry = manifest.addObject().put("Config", "config.json");
        entry.putArray("RepoTags").add(name);
        entry.putArray("Layers").add("layer.tar");
        json.writeValue(archive.resolve("manifest.json").toFile(), manifest);

        Process tar = new ProcessBuilder("tar", "-C", archive.toString(), "-cf", "-", "manifest.json", "config.json", "layer.tar")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (InputStream stream = tar.getInputStream()) {
            docker.loadImageCmd(stream).exec();
        }
        if (tar.waitFor() != 0) {
            throw new IOException("tar of " + archive + " failed with status " + tar.exitValue());
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Covers everything the image is made of that can differ between machines or over time; worked
     * out once per JVM (hashing busybox took some 10 ms of every boot), as none of it changes while
     * the JVM runs.
     */
    private String inputHash() {
        String hash = inputHash;
        if (hash == null) {
            hash = hashInputs();
            inputHash = hash;
        }
        return hash;
    }

    private static volatile String inputHash;

    private String hashInputs() {
        try {
            MessageDigest sha = sha256();
            List<String> parts = new ArrayList<>(List.of(RECIPE, javaHome.toString(), System.getProperty("java.runtime.version"),
                    System.getProperty("java.vendor")));
            parts.addAll(MODULES);
            parts.addAll(JLINK_OPTIONS);
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            Path release = javaHome.resolve("release");
            if (Files.exists(release)) {
                sha.update(Files.readAllBytes(release));
            }
            if (busybox.isPresent()) {
                sha.update(Files.readAllBytes(busybox.get()));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        return run(command, false);
    }

    private static String run(List<String> command, boolean anyStatus) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 && !anyStatus) {
            throw new IOException(String.join(" ", command) + " failed with status " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
