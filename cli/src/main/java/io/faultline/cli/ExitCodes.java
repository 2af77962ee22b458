package io.faultline.cli;

/** The exit statuses of faultline's commands; 64, 65 and 70 are BSD sysexits' usage, data and software errors. */
final class ExitCodes {
    static final int OK = 0;
    static final int INVALID = 1;
    static final int UNKNOWN = 2;
    static final int USAGE = 64;
    static final int DATA = 65;
    static final int SOFTWARE = 70;

    private ExitCodes() {
    }
}
