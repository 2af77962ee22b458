package io.faultline.harness.backend;

/** TEMPORARY stub so the branch compiles; replaced by the Docker backend's Backends. */
public final class Backends {
    public static Backend choose(String forced) {
        throw new UnsupportedOperationException();
    }
}
