package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md's main job and Clojure example must run as it says they do. .ci/run checks the same through bin/faultline. */
class ReadmeTest {

    @Test
    void theMainJobExitsAsTheReadmeSays() throws IOException {
        String readme = Files.readString(CliRun.root().resolve("README.md"));
        Matcher command = Pattern.compile("(?m)^bin/faultline (check .*)$").matcher(readme);
        Matcher status = Pattern.compile("exits with status (\\d+)").matcher(readme);
        assertThat(command.find()).as("a 'bin/faultline check' line in README.md").isTrue();
        assertThat(status.find()).as("'exits with status N' in README.md").isTrue();

        CliRun run = CliRun.of(expand(command.group(1).split(" +")));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(Integer.parseInt(status.group(1)));
        assertThat(run.json()).isNotEmpty();
    }

    /** The Clojure script README.md shows is examples/check.clj, and run as it says, prints what it says. */
    @Test
    void theClojureScriptPrintsWhatTheReadmeSays() throws IOException {
        String readme = Files.readString(CliRun.root().resolve("README.md"));
        Matcher m = Pattern.compile("(?s)`(examples/\\S+\\.clj)`:\\s*```clojure\\n(.*?)```\\s*run as\\s*```\\n"
                + "bin/faultline clojure (\\S+) (\\S+)\\n```\\s*prints `(\\w+)`").matcher(readme);
        assertThat(m.find()).as("README.md's example script, the command that runs it, and what it prints").isTrue();
        assertThat(Files.readString(CliRun.root().resolve(m.group(1)))).isEqualTo(m.group(2));
        assertThat(m.group(3)).isEqualTo(m.group(1));

        CliRun run = CliRun.of("clojure", CliRun.root().resolve(m.group(3)).toString(), CliRun.root().resolve(m.group(4)).toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(m.group(5) + "\n");
    }

    /** The first screen gives the two commands a new user types: the main job and the tests. */
    @Test
    void theFirstScreenGivesTheMainJobAndTheTests() throws IOException {
        List<String> firstScreen = Files.readAllLines(CliRun.root().resolve("README.md"));
        firstScreen = firstScreen.subList(0, Math.min(40, firstScreen.size()));

        assertThat(firstScreen).contains("mvn verify -Pchaos", "mvn verify");
    }

    /** What a shell in the repository's root would pass: globs expanded, sorted. */
    private static String[] expand(String[] words) throws IOException {
        List<String> args = new ArrayList<>();
        for (String word : words) {
            if (!word.contains("*")) {
                args.add(word);
                continue;
            }
            Path glob = Path.of(word);
            List<String> matches = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(CliRun.root().resolve(glob.getParent()),
                    glob.getFileName().toString())) {
                dir.forEach(p -> matches.add(p.toString()));
            }
            assertThat(matches).as(word).isNotEmpty();
            matches.sort(null);
            args.addAll(matches);
        }
        return args.toArray(String[]::new);
    }
}
