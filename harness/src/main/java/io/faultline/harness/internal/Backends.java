package io.faultline.harness.internal;

import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.docker.DockerBackend;
import io.faultline.harness.backend.docker.DockerEnvironment;
import io.faultline.harness.backend.process.ProcessBackend;

import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Supplier;

/** Which backend a run uses, said in one line. */
public final class Backends {

    private Backends() {
    }

    /**
     * {@code docker} or {@code process} when forced ({@code -Dfaultline.backend}); otherwise Docker
     * when it is reachable and configured, else local processes. Forcing Docker where it cannot be
     * used fails with the reason and the fix.
     *
     * @param forced {@code docker}, {@code process}, or null or blank to choose
     */
    public static Backend choose(String forced) {
        return choose(forced, DockerEnvironment::problem, System.err);
    }

    static Backend choose(String forced, Supplier<Optional<String>> dockerProblem, PrintStream out) {
        String choice = forced == null ? "" : forced.trim();
        switch (choice) {
            case "docker": {
                Optional<String> problem = dockerProblem.get();
                if (problem.isPresent()) {
                    throw new IllegalStateException("faultline.backend=docker, but " + problem.get()
                            + ", or run with -Dfaultline.backend=process");
                }
                out.println("faultline: backend docker (forced by faultline.backend; " + DockerEnvironment.describe() + ")");
                return new DockerBackend();
            }
            case "process":
                out.println("faultline: backend process (forced by faultline.backend)");
                return new ProcessBackend();
            case "": {
                Optional<String> problem = dockerProblem.get();
                if (problem.isEmpty()) {
                    out.println("faultline: backend docker (" + DockerEnvironment.describe() + ")");
                    return new DockerBackend();
                }
                out.println("faultline: backend process (" + problem.get() + " or run with -Dfaultline.backend=process)");
                return new ProcessBackend();
            }
            default:
                throw new IllegalArgumentException("faultline.backend must be docker or process, not '" + forced + "'");
        }
    }
}
