package porcupine

// Added by `faultline bench --against-porcupine` to a temporary copy of Porcupine's sources; not
// part of Porcupine. It reports the process's peak resident set size when the tests or benchmarks
// end, and times CheckEventsTimeout on the files `faultline bench` names, with Porcupine's own
// parsers and models, so that both checkers are measured the same way on the same files.

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	code := m.Run()
	fmt.Printf("faultline-peak-rss-kb\t%d\n", peakRssKb())
	os.Exit(code)
}

// VmHWM: the most resident memory the process ever had, as /usr/bin/time's maxrss reports it.
func peakRssKb() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) >= 2 && fields[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(fields[1])
			return kb
		}
	}
	return -1
}

// FAULTLINE_FILES: one "path<TAB>model" per line, model etcd, kv or kv-unpartitioned.
// FAULTLINE_REPS, FAULTLINE_WARMUP, FAULTLINE_TIMEOUT_MS: as faultline bench's own.
// Prints "faultline-file<TAB>path<TAB>result<TAB>median ns<TAB>min ns<TAB>checks" per file.
func TestFaultlineFiles(t *testing.T) {
	list := os.Getenv("FAULTLINE_FILES")
	if list == "" {
		t.Skip("FAULTLINE_FILES is not set: this test runs only for faultline bench")
	}
	reps := envInt("FAULTLINE_REPS", 5)
	warmup := envInt("FAULTLINE_WARMUP", 2)
	timeout := time.Duration(envInt("FAULTLINE_TIMEOUT_MS", 60000)) * time.Millisecond
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		fields := strings.Split(line, "\t")
		path, modelName := fields[0], fields[1]
		var events []Event
		var model Model
		switch modelName {
		case "etcd":
			events, model = parseJepsenLog(path), etcdModel
		case "kv":
			events, model = parseKvLog(path), kvModel
		case "kv-unpartitioned":
			events, model = parseKvLog(path), kvNoPartitionModel
		default:
			t.Fatalf("unknown model %q for %s", modelName, path)
		}
		var times []time.Duration
		result := Unknown
		// A check that ends unknown, or takes over 5 s, is not repeated: its one time is reported.
		for i := 0; i < warmup+reps; i++ {
			start := time.Now()
			result = CheckEventsTimeout(model, events, timeout)
			elapsed := time.Since(start)
			if result == Unknown || elapsed > 5*time.Second {
				times = []time.Duration{elapsed}
				break
			}
			if i >= warmup {
				times = append(times, elapsed)
			}
		}
		sort.Slice(times, func(a, b int) bool { return times[a] < times[b] })
		median := times[len(times)/2]
		if len(times)%2 == 0 {
			median = (times[len(times)/2-1] + times[len(times)/2]) / 2
		}
		fmt.Printf("faultline-file\t%s\t%s\t%d\t%d\t%d\n", path, result, median.Nanoseconds(), times[0].Nanoseconds(), len(times))
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}
