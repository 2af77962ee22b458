package io.faultline.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Renders a run directory into {@code report.html}: one self-contained page (data, style and script
 * inline, no request) that shows the run's summary, timeline with faults, performance per fault
 * window, failure detection, counterexample and node-log excerpts. Beside it goes
 * {@code report-summary.svg}, a static picture of the same run for viewers that run no script
 * (Allure 3 strips scripts from HTML attachments).
 */
public final class RunReport {
    public static final String FILE = "report.html";
    public static final String SUMMARY_SVG = "report-summary.svg";

    private RunReport() {
    }

    /** Writes {@code report.html} and {@code report-summary.svg} into the run directory; returns the report's path. */
    public static Path write(Path runDirectory) throws IOException {
        return write(runDirectory, runDirectory.resolve(FILE));
    }

    /**
     * Writes the report of {@code runDirectory} to {@code out} (its node-log links are relative to the
     * run directory, so they work when {@code out} is inside it), and the SVG summary into the run
     * directory.
     */
    public static Path write(Path runDirectory, Path out) throws IOException {
        RunDirectory run = RunDirectory.read(runDirectory);
        ReportPage page = new ReportPage(run);
        writeAtomically(out, page.html());
        writeAtomically(runDirectory.resolve(SUMMARY_SVG), SvgSummary.svg(run, page.timeline()));
        return out;
    }

    /** The page of a run directory, as text. */
    public static String html(Path runDirectory) throws IOException {
        return new ReportPage(RunDirectory.read(runDirectory)).html();
    }

    /** Written beside and then moved over, so that a reader never sees half a report. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            // a temporary file is private to its owner; a report is for anyone who may read the run
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
