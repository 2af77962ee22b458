package io.faultline.proxy;

/** A failed API call: the HTTP status and the exact message Toxiproxy would give. */
final class ApiError extends Exception {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequestBody(String decoderMessage) {
        return new ApiError(400, "bad request body: " + decoderMessage);
    }

    static ApiError proxyNotFound() {
        return new ApiError(404, "proxy not found");
    }

    static ApiError toxicNotFound() {
        return new ApiError(404, "toxic not found");
    }

    /** The same error with context appended to its message ("... at proxy 2"). */
    ApiError suffixed(String context) {
        return new ApiError(status, getMessage() + context);
    }
}
