package io.faultline.reference;

/**
 * A node's answer to one client request, as the protocol's line {@code <id> <KIND> <text>}.
 * The kinds say what the client may conclude: OK (done), FAIL (certainly not done), REDIRECT (not
 * done: ask that leader), ERROR (may or may not have been done).
 */
record Response(Kind kind, String text) {

    enum Kind { OK, FAIL, REDIRECT, ERROR }

    static Response ok(long value) {
        return new Response(Kind.OK, Long.toString(value));
    }

    static Response fail(String reason) {
        return new Response(Kind.FAIL, reason);
    }

    static Response redirect(String leader) {
        return new Response(Kind.REDIRECT, leader == null ? "unknown" : leader);
    }

    static Response error(String reason) {
        return new Response(Kind.ERROR, reason);
    }

    String line(String requestId) {
        return requestId + " " + kind + " " + text;
    }
}
