package io.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of the faultline command line, as {@code Faultline.main} would run it. */
record CliRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CliRun of(String... args) {
        CommandLine cli = Faultline.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Stdout's lines, each parsed as JSON. */
    List<JsonNode> json() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }

    /** The repository's root, as the build passes it. */
    static Path root() {
        return Path.of(System.getProperty("faultline.root", "..")).toAbsolutePath().normalize();
    }

    /** The stored reference histories ({@code ../shared/histories}), as the build passes them. */
    static Path histories() {
        return Path.of(System.getProperty("faultline.histories", "../../shared/histories")).toAbsolutePath().normalize();
    }

    static String example(String name) {
        return root().resolve("examples/histories").resolve(name).toString();
    }
}
