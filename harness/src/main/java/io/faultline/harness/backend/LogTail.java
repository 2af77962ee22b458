package io.faultline.harness.backend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** The end of a log, quoted in an error message. */
public final class LogTail {

    static final int LINES = 30;

    private LogTail() {
    }

    /** The last {@value #LINES} lines of {@code log}, each indented; bytes that are not UTF-8 are replaced, not fatal. */
    public static String of(Path log) {
        Deque<String> tail = new ArrayDeque<>(LINES);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (tail.size() == LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        } catch (IOException e) {
            return "    (could not read it: " + e + ")";
        }
        if (tail.isEmpty()) {
            return "    (it is empty)";
        }
        StringBuilder quoted = new StringBuilder();
        for (String line : tail) {
            quoted.append(quoted.length() == 0 ? "" : "\n").append("    ").append(line);
        }
        return quoted.toString();
    }
}
