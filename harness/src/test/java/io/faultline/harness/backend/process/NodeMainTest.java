package io.faultline.harness.backend.process;

import io.faultline.harness.backend.FailingMain;

import io.faultline.harness.backend.CounterServer;
import io.faultline.harness.backend.Observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeMainTest {

    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    @TempDir
    Path data;

    @AfterAll
    static void nothingIsLeftBehind() {
        List<Process> alive = STARTED.stream().filter(Process::isAlive).toList();
        alive.forEach(Process::destroyForcibly);
        assertThat(alive).isEmpty();
    }

    @Test
    void aNodeHaltsWhenItsStandardInputEnds() throws Exception {
        int port = Observe.freePort("127.0.0.2");
        Process node = nodeMain(CounterServer.class.getName(), "127.0.0.2", Integer.toString(port), data.toString());
        try {
            await().atMost(Duration.ofSeconds(30)).until(Observe.listening("127.0.0.2:" + port));

            // what happens to the pipe when the test JVM dies, however it dies
            node.getOutputStream().close();

            assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).isEqualTo(NodeMain.ORPHANED);
        } finally {
            node.destroyForcibly().waitFor();
        }
    }

    @Test
    void theRealMainGetsItsArgumentsAndItsExitStatusStands() throws Exception {
        Process node = nodeMain(FailingMain.class.getName(), "2", "5");

        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isEqualTo(5);
        assertThat(output(node)).isEqualTo("line 1\nline 2\n");
    }

    @Test
    void anExceptionFromTheRealMainIsReportedAsTheLauncherWould() throws Exception {
        Process node = nodeMain(Throwing.class.getName());

        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isEqualTo(1);
        assertThat(output(node)).startsWith("Exception in thread \"main\" java.lang.IllegalStateException: boom")
                .doesNotContain("InvocationTargetException");
    }

    static final class Throwing {
        public static void main(String[] args) {
            throw new IllegalStateException("boom");
        }
    }

    private static Process nodeMain(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NodeMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        STARTED.add(process);
        return process;
    }

    private static String output(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
