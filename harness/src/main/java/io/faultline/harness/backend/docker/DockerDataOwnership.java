package io.faultline.harness.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Gives the files that a node running as root wrote into its mounted directories back to the user
 * who owns the run directory, so that user can read and delete the evidence. Java and command nodes
 * run as that user already; a node from an image runs as the image's user, often root. The JRE
 * image has Java but perhaps no shell, so the change is made by this class's {@link #main}, run as
 * root in a container of the JRE image with the harness's own classes mounted.
 */
final class DockerDataOwnership {

    private DockerDataOwnership() {
    }

    /** Runs the change in a container and waits for it; labelled like the run, so cleanup finds it if this JVM dies meanwhile. */
    static void giveBack(DockerClient docker, String jreImage, String uidGid, List<Path> hostDirs, Map<String, String> labels)
            throws InterruptedException {
        DockerClasspath classes = DockerClasspath.mount(List.of(DockerClasspath.entryOf(DockerDataOwnership.class)));
        List<Bind> binds = new ArrayList<>(classes.binds());
        List<String> command = new ArrayList<>(List.of("java", "-cp", classes.classpath(), DockerDataOwnership.class.getName(), uidGid));
        for (int i = 0; i < hostDirs.size(); i++) {
            binds.add(new Bind(hostDirs.get(i).toString(), new Volume("/owned/" + i), AccessMode.rw));
            command.add("/owned/" + i);
        }
        String id = docker.createContainerCmd(jreImage).withUser("0:0").withLabels(labels).withCmd(command)
                .withHostConfig(HostConfig.newHostConfig().withBinds(binds).withNetworkMode("none")).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            int status = docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
            if (status != 0) {
                System.err.println("faultline: could not give " + hostDirs + " back to user " + uidGid + " (status " + status
                        + "); files written as root may need sudo to delete");
            }
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    /** {@code DockerDataOwnership <uid>:<gid> <dir>...}: changes the owner of every file under each directory. */
    public static void main(String[] args) throws IOException {
        String[] uidGid = args[0].split(":");
        int uid = Integer.parseInt(uidGid[0]);
        int gid = Integer.parseInt(uidGid[1]);
        for (int i = 1; i < args.length; i++) {
            try (Stream<Path> files = Files.walk(Path.of(args[i]))) {
                for (Path file : files.toList()) {
                    Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(file, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
