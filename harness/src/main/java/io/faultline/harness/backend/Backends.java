package io.faultline.harness.backend;

import java.util.Locale;

/** Chooses the backend of a run: forced by name, or Docker when it is reachable, else processes. */
public final class Backends {
    private Backends() {
    }

    /**
     * The backend named {@code forced} ({@code docker} or {@code process}), or, when it is empty,
     * the best one available here; says which and why, once, on standard error.
     */
    public static Backend choose(String forced) {
        String name = forced == null ? "" : forced.trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case "process":
                System.err.println("faultline: backend process (forced by faultline.backend=process)");
                return new ProcessBackend();
            case "":
                System.err.println("faultline: backend process (the Docker backend is not wired in yet)");
                return new ProcessBackend();
            default:
                throw new IllegalArgumentException("unknown backend '" + forced + "'; use -Dfaultline.backend=docker or process");
        }
    }
}
