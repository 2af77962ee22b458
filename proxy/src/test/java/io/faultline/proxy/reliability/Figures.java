package io.faultline.proxy.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One campaign's figures, printed and written as {@code <campaign>.properties} into the directory
 * the build names ({@code faultline.reliability.figures}), where {@code bin/reliability-table} reads
 * them into RELIABILITY.md's table. The one writer for every module's campaigns: the proxy depends
 * on nothing of ours and every module that runs campaigns depends on the proxy, so it lives here and
 * reaches cli and suites through the proxy's test jar.
 */
public final class Figures {
    private final String campaign;
    private final Map<String, Object> values = new LinkedHashMap<>();

    public Figures(String campaign) {
        this.campaign = campaign;
    }

    public Figures put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** How long each campaign may run, from {@code -Dfaultline.reliability.seconds} (the short profile: 60). */
    public static long budgetSeconds() {
        return Long.getLong("faultline.reliability.seconds", 60);
    }

    public void write() {
        values.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        values.put("machine", machine());
        String text = values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "campaign=" + campaign + "\n", "\n"));
        System.out.println("reliability figures:\n" + text);
        Path dir = Path.of(System.getProperty("faultline.reliability.figures", "target/reliability"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(campaign + ".properties"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the figures of " + campaign + " into " + dir, e);
        }
    }

    /** The machine kind, as ENVIRONMENT.md describes it: cores, memory, system, Java. */
    private static String machine() {
        long memory = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        return Runtime.getRuntime().availableProcessors() + " cores, " + Math.round(memory / (double) (1L << 30))
                + " GiB, " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version");
    }
}
