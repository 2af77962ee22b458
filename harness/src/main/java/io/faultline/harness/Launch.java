package io.faultline.harness;

import java.util.List;

/** How a node starts: a Java main class, a command, or a container image. */
public sealed interface Launch {

    /**
     * A JVM running {@code mainClass}. With an empty classpath, the node runs on the test's own
     * classpath (so a target from Maven Central is just a test dependency). In the Docker backend it
     * runs in a JRE image built locally from the running JDK, with the classpath mounted read-only.
     */
    record JavaMain(String mainClass, List<String> jvmArgs, List<String> classpath) implements Launch {
        public JavaMain {
            jvmArgs = List.copyOf(jvmArgs);
            classpath = List.copyOf(classpath);
        }
    }

    /** An executable and its first arguments; the node's {@code args} follow. */
    record Command(List<String> command) implements Launch {
        public Command {
            command = List.copyOf(command);
        }
    }

    /** A container image that must already exist locally (Docker backend only); the node's args are its command. */
    record Image(String image) implements Launch {
    }
}
