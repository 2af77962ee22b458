package io.faultline.suites.reference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's load averages, for the tables that must say how busy the machine was when they were
 * measured: timings on a shared two-core machine stretch with its load.
 */
final class MachineLoad {
    private static final Path LOADAVG = Path.of("/proc/loadavg");

    private MachineLoad() {
    }

    /** {@code 3.21 / 4.02 / 4.17} (1, 5 and 15 minutes), or {@code unknown} where /proc/loadavg is missing. */
    static String now() {
        try {
            String[] f = Files.readString(LOADAVG).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (no readable " + LOADAVG + ")";
        }
    }
}
