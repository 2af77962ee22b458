#!/usr/bin/env bash
# The report at scale (BENCHMARKS.md): a synthetic run of 100,000 operations and 100 faults
# (ScaleRun), rendered by bin/faultline report, then opened in headless Chromium. Prints the render
# time of each rep, the file size, the time until the page answers (navigation start to the end of
# its first drawing, read from the page) and the mean and slowest redraw while zooming.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
reps=${REPS:-5}
cd "$root"
mvn -B -q -pl cli -am package -DskipTests >&2
mvn -B -q -pl reports test-compile >&2
run=$(mktemp -d)/scale-run
java -cp "reports/target/test-classes:reports/target/classes:cli/target/lib/*" io.faultline.reports.ScaleRun "$run" >/dev/null
echo "run: $run ($(wc -l < "$run/history.jsonl") history lines, $(grep -c fault-start "$run/events.jsonl") faults)"
echo "load average before rendering: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores; wall times grow with it, CPU times much less)"
bin/faultline report "$run" >/dev/null # builds the command line if stale, outside the timing
for i in $(seq 1 "$reps"); do
    /usr/bin/time -f "render $i: wall %e s, CPU %U s user + %S s system (bin/faultline report, JVM start included)" \
        bin/faultline report "$run" >/dev/null
done
echo "size: $(stat -c %s "$run/report.html") bytes"
profile=$(mktemp -d)
flags=(--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1400,1000)
for i in $(seq 1 "$reps"); do
    dom=$(chromium "${flags[@]}" --virtual-time-budget=10000 --dump-dom "file://$run/report.html" 2>/dev/null)
    ready=$(grep -o 'data-faultline-ready="[^"]*"' <<<"$dom" | cut -d'"' -f2)
    echo "interactive $i: ${ready} ms after navigation start"
done
for i in $(seq 1 "$reps"); do
    dom=$(chromium "${flags[@]}" --virtual-time-budget=20000 --dump-dom "file://$run/report.html#frames" 2>/dev/null)
    frame=$(grep -o 'data-faultline-frame="[^"]*"' <<<"$dom" | cut -d'"' -f2)
    echo "zoom redraw $i: mean ${frame% *} ms, slowest ${frame#* } ms (timeline, latency and throughput canvases)"
done
rm -rf "$profile" "$(dirname "$run")"
