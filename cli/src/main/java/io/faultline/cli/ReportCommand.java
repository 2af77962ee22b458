package io.faultline.cli;

import io.faultline.reports.BuildIndex;
import io.faultline.reports.RunReport;
import io.faultline.reports.Trends;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline report}: renders run directories into report.html from their files alone. */
@Command(name = "report",
        description = {"Renders each run directory into a self-contained report.html (written into the run",
                "directory), from its files alone. A directory that holds run directories (such as",
                "suites/target/faultline) stands for every run below it, and then also gets an index.html."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*",
            description = "A run directory (with events.jsonl), or a directory with run directories below it.")
    private List<Path> directories;

    @Option(names = "--out", paramLabel = "FILE",
            description = {"With one run directory: write its report here instead of RUN_DIR/report.html.",
                    "With several: write the index of their reports here."})
    private Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        List<Path> runs = new ArrayList<>();
        boolean parents = false;
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                stderr.println(dir + ": no such directory; give a run directory a chaos test printed "
                        + "(target/faultline/<TestClass>/<method>/<timestamp>)");
                return ExitCodes.DATA;
            }
            try {
                List<Path> found = BuildIndex.runDirectories(dir);
                if (found.isEmpty()) {
                    stderr.println(dir + ": no run directory here (none has events.jsonl); give the directory a chaos test "
                            + "printed (target/faultline/<TestClass>/<method>/<timestamp>)");
                    return ExitCodes.DATA;
                }
                parents |= !found.equals(List.of(dir));
                runs.addAll(found);
            } catch (IOException e) {
                stderr.println(dir + ": " + e.getMessage());
                return ExitCodes.DATA;
            }
        }
        int status = ExitCodes.OK;
        List<Path> rendered = new ArrayList<>();
        for (Path run : runs) {
            try {
                Path written = runs.size() == 1 && out != null ? RunReport.write(run, out) : RunReport.write(run);
                stdout.println(written);
                rendered.add(run);
            } catch (IOException | RuntimeException e) {
                stderr.println(run + ": cannot render: " + e.getMessage());
                status = ExitCodes.DATA;
            }
        }
        if (rendered.size() > 1 || (parents && !rendered.isEmpty())) {
            try {
                Path index = out != null && runs.size() > 1 ? out : commonParent(rendered).resolve(BuildIndex.FILE);
                // a build's trends, if the directory has them, are drawn as they are: re-rendering adds no build
                Path trends = index.toAbsolutePath().getParent().resolve(Trends.FILE);
                BuildIndex.write(index, rendered, Files.isRegularFile(trends) ? Trends.open(trends, Trends.DEFAULT_CAP) : null, List.of());
                stdout.println(index);
            } catch (IOException e) {
                stderr.println("cannot write the index: " + e.getMessage());
                status = ExitCodes.DATA;
            }
        }
        stdout.flush();
        return status;
    }

    private static Path commonParent(List<Path> runs) {
        Path common = runs.get(0).toAbsolutePath().normalize().getParent();
        for (Path run : runs) {
            Path p = run.toAbsolutePath().normalize();
            while (!p.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common;
    }
}
