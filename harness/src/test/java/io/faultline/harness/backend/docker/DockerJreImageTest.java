package io.faultline.harness.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import org.junit.jupiter.api.Test;

@RequiresDocker
class DockerJreImageTest {

    private final DockerClient docker = DockerEnvironment.requireClient();

    @Test
    void isBuiltOnceAndThenReused() throws Exception {
        String name = new JreImage(docker).ensure();
        InspectImageResponse first = docker.inspectImageCmd(name).exec();

        String again = new JreImage(docker).ensure();
        InspectImageResponse second = docker.inspectImageCmd(again).exec();

        assertThat(again).isEqualTo(name).startsWith(JreImage.REPOSITORY + ":");
        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(second.getCreated()).isEqualTo(first.getCreated());
    }
}
