package io.faultline.checkers.model;

import io.faultline.checkers.history.Operation;

/**
 * The exceptions models throw for operations they cannot read. A malformed operation is a problem
 * with the history or the choice of model, not evidence against the system under test, so models
 * throw rather than call it illegal: "not linearizable" is too serious a claim to rest on a typo.
 */
final class OperationErrors {
    private OperationErrors() {
    }

    static IllegalArgumentException unsupported(String model, Operation op, String supported) {
        return new IllegalArgumentException("the " + model + " model has no :" + op.f() + " operation (" + op
                + "); it takes " + supported + ". Check that --model names the object this history was recorded against");
    }

    static IllegalArgumentException malformed(String model, Operation op, String expected) {
        return new IllegalArgumentException("the " + model + " model cannot read " + op + ": " + expected);
    }
}
