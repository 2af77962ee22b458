package io.faultline.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's code that says where it comes from ("From `path`:" and then a java block) is that code:
 * each line of the block stands, in order, in the file, which the build compiles.
 */
class ReadmeSnippetsTest {
    private static final Path TOP = Path.of("").toAbsolutePath().getParent();
    private static final Pattern SNIPPET = Pattern.compile("From `([^`]+\\.java)`(?:(?!From `).){0,1000}?```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySnippetThatNamesItsFileIsInThatFile() throws IOException {
        String readme = Files.readString(TOP.resolve("README.md"));
        Matcher m = SNIPPET.matcher(readme);
        int checked = 0;
        while (m.find()) {
            List<String> source = trimmed(Files.readAllLines(TOP.resolve(m.group(1))));
            List<String> snippet = trimmed(List.of(m.group(2).split("\n")));
            int at = 0;
            for (String line : snippet) {
                int found = source.subList(at, source.size()).indexOf(line);
                assertThat(found).as("README's snippet from %s: line '%s' is not in the file (after line %d)", m.group(1), line, at)
                        .isNotNegative();
                at += found + 1;
            }
            checked++;
        }
        assertThat(checked).as("snippets that name their file").isGreaterThanOrEqualTo(2);
    }

    private static List<String> trimmed(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }
}
