package io.faultline.harness.backend.docker;

import io.faultline.harness.backend.cleanup.RunState;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresDocker
class DockerDataOwnershipTest {

    private final DockerClient docker = DockerEnvironment.requireClient();

    @AfterAll
    static void nothingIsLeft() {
        DockerTestNodes.assertNothingLeftByThisJvm();
    }

    @Test
    void everyFileUnderTheDirectoriesGetsTheGivenOwner(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data/version-2"));
        Files.writeString(dir.resolve("data/version-2/log.1"), "written by a node");
        Files.createSymbolicLink(dir.resolve("data/current"), Path.of("version-2"));
        Map<String, String> labels = DockerLeftovers.labels("ownership-test-" + UUID.randomUUID().toString().substring(0, 8),
                RunState.ProcessRecord.of(null, ProcessHandle.current(), false));

        String image = new JreImage(docker).ensure();

        DockerDataOwnership.giveBack(docker, image, "4242:4343", List.of(dir.resolve("data")), labels);

        try {
            for (String file : List.of("data", "data/version-2", "data/version-2/log.1", "data/current")) {
                Path p = dir.resolve(file);
                assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("owner of " + file).isEqualTo(4242);
                assertThat(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as("group of " + file).isEqualTo(4343);
            }
        } finally {
            // back to whoever runs the test, so that @TempDir can delete it
            String self = Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
            DockerDataOwnership.giveBack(docker, image, self, List.of(dir.resolve("data")), labels);
        }
    }
}
