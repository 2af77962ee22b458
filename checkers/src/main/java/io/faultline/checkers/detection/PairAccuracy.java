package io.faultline.checkers.detection;

/** The accuracy of one observer's detector about one peer. */
public record PairAccuracy(String observer, String peer, Accuracy accuracy) {
}
