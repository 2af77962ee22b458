package io.faultline.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which lanes a fault's band covers: a kill its node, cut links both endpoints, a partition its components. */
class RunTimelineTest {
    @TempDir
    Path run;

    @Test
    void eachFaultCoversTheNodesItsEffectTouches() throws IOException {
        Files.write(run.resolve("events.jsonl"), List.of(
                "{\"time\":1,\"type\":\"fault-start\",\"id\":1,\"kind\":\"kill\",\"nodes\":[\"n2\"],\"details\":{},\"effect\":\"STOPPED\"}",
                "{\"time\":2,\"type\":\"fault-start\",\"id\":2,\"kind\":\"partition-one-way\",\"nodes\":[],\"details\":{},"
                        + "\"effect\":\"CUT\",\"links\":[[\"n1\",\"n3\"]]}",
                "{\"time\":3,\"type\":\"fault-start\",\"id\":3,\"kind\":\"partition-halves\",\"nodes\":[\"n1\"],\"details\":{},"
                        + "\"effect\":\"PARTITIONED\",\"components\":[[\"n1\"],[\"n2\",\"n3\"]]}",
                "{\"time\":4,\"type\":\"fault-start\",\"id\":4,\"kind\":\"isolate\",\"nodes\":[\"n3\"],"
                        + "\"details\":{\"components\":[[\"n3\"],[\"n1\",\"n2\"]]}}",
                "{\"time\":5,\"type\":\"fault-end\",\"id\":1}"));

        RunTimeline timeline = new RunTimeline(RunDirectory.read(run));

        assertThat(timeline.faults).extracting(RunTimeline.Fault::nodes).containsExactly(
                List.of("n2"), List.of("n1", "n3"), List.of("n1", "n2", "n3"), List.of("n1", "n2", "n3"));
        assertThat(timeline.faults.get(0).end()).isEqualTo(5);
        assertThat(timeline.faults.get(1).end()).as("never ended").isNull();
    }
}
