package io.faultline.harness;

/** What a nemesis or probe may use while a run is going. */
public interface ChaosContext {

    Cluster cluster();

    default Network network() {
        return cluster().network();
    }

    RunClock clock();

    /** Records an event on the run's clock (written to {@code events.jsonl}). */
    void record(Event event);
}
