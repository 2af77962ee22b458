package io.faultline.proxy;

import java.util.Locale;

/** One way through a proxied connection. */
enum Direction {
    /** Client to server. */
    UPSTREAM("upstream"),
    /** Server to client. */
    DOWNSTREAM("downstream");

    private final String wire;

    Direction(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    /** Toxiproxy parses streams case-insensitively (but echoes them as sent); null if neither. */
    static Direction parse(String stream) {
        switch (stream.toLowerCase(Locale.ROOT)) {
            case "upstream":
                return UPSTREAM;
            case "downstream":
                return DOWNSTREAM;
            default:
                return null;
        }
    }
}
