package io.faultline.harness.backend.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where a run's node cgroups go: the cgroup2 mount read from mountinfo, and how deep its root lies. */
class NodeCgroupsTest {
    @Test
    void theCgroup2MountIsReadFromMountinfo() {
        assertThat(NodeCgroups.cgroup2Mount("35 25 0:30 / /sys/fs/cgroup/unified rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate"))
                .contains(new NodeCgroups.Mount(Path.of("/sys/fs/cgroup/unified"), 0));
        assertThat(NodeCgroups.cgroup2Mount("35 25 0:30 /kubepods/pod1 /sys/fs/cgroup rw - cgroup2 cgroup2 rw"))
                .contains(new NodeCgroups.Mount(Path.of("/sys/fs/cgroup"), 2));
        assertThat(NodeCgroups.cgroup2Mount("36 25 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory")).isEmpty();
    }
}
