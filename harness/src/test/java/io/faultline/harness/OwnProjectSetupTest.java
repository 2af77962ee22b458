package io.faultline.harness;

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
 * What README shows a user's own project, {@code examples/my-service} builds with (CI builds it
 * against the installed Faultline), and the BOM it imports names every artifact Faultline publishes.
 */
class OwnProjectSetupTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

    @Test
    void readmesSnippetComesRightAfterTheFirstCommandsAndIsWhatTheExampleBuildsWith() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("\n## Faultline in your own project\n");
        assertThat(section).as("README.md's section 'Faultline in your own project'").isPositive();
        assertThat(readme.substring(0, section)).as("README.md before that section").doesNotContain("\n## ")
                .contains("\nmvn verify -Pchaos\n", "\nmvn verify\n");
        Matcher snippet = Pattern.compile("(?s)```xml\n(.*?)```").matcher(readme.substring(section));
        assertThat(snippet.find()).as("an xml snippet in that section").isTrue();

        String example = Files.readString(ROOT.resolve("examples/my-service/pom.xml"));
        assertThat(artifacts(snippet.group(1))).contains("faultline-bom", "faultline-harness", "faultline-reports")
                .allSatisfy(artifact -> assertThat(example).as("examples/my-service/pom.xml").contains("<artifactId>" + artifact + "</artifactId>"));
        for (String line : snippet.group(1).lines().map(String::strip).filter(l -> l.matches("<(scope|type|id|excludedTestGroups|excludedGroups)>.*")).toList()) {
            assertThat(example).as("examples/my-service/pom.xml").contains(line);
        }
        assertThat(example).doesNotContain("<parent>").contains("<artifactId>faultline-bom</artifactId>\n        <version>${faultline.version}</version>\n        <type>pom</type>\n        <scope>import</scope>");
    }

    @Test
    void theBomNamesEveryPublishedArtifactAtTheBuildsVersion() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        List<String> published = new ArrayList<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (module.find()) {
            String pom = Files.readString(ROOT.resolve(module.group(1)).resolve("pom.xml"));
            if (!module.group(1).equals("bom") && !pom.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
                published.add(ownArtifact(pom));
            }
        }

        assertThat(published).contains("faultline-harness", "faultline-checkers", "faultline-reports");
        assertThat(artifacts(bom)).as("what bom/pom.xml manages").containsAll(published);
        assertThat(bom).doesNotContain("<parent>").contains("<version>" + version(parent) + "</version>");
    }

    private static List<String> artifacts(String xml) {
        List<String> found = new ArrayList<>();
        Matcher m = ARTIFACT.matcher(xml);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The module's own artifactId: the first one after its parent block. */
    private static String ownArtifact(String pom) {
        Matcher m = ARTIFACT.matcher(pom.substring(pom.indexOf("</parent>")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String version(String parentPom) {
        Matcher m = Pattern.compile("<artifactId>faultline-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(parentPom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
