package io.faultline.proxy;

import java.nio.charset.StandardCharsets;

/** A response of the API before it goes on the wire. An empty body is sent without one. */
record ApiResponse(int status, String contentType, byte[] body) {
    static final String JSON = "application/json";

    static ApiResponse json(int status, byte[] body) {
        return new ApiResponse(status, JSON, body);
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, null, new byte[0]);
    }

    static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
