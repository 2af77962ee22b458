package io.faultline.harness;

import java.util.List;
import java.util.Map;

/** An injected fault, until the schedule ends it. Its start and end are events on the run's clock. */
public interface Fault {

    /** What kind of fault: {@code kill}, {@code pause}, {@code partition}, {@code latency}, ... */
    String kind();

    /** The nodes it acts on (for a partition: the nodes cut off from the majority, or every node). */
    List<String> nodes();

    /** Details a report shows, e.g. the partition's components or the latency. */
    Map<String, Object> details();

    /** Ends the fault: restart, resume, heal. */
    void end() throws Exception;
}
