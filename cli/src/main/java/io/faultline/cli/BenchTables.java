package io.faultline.cli;

import io.faultline.checkers.linear.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown that {@code faultline bench} prints: the reference sets' table, then the harder set's. */
final class BenchTables {
    private BenchTables() {
    }

    /**
     * @param theirs per set, what Porcupine measured in this sitting, or null (then {@code baseline}
     *     gives the reference sets' times)
     */
    static String render(List<BenchSet> sets, List<SetMeasurement.Result> ours, List<PorcupineBench.Run> theirs,
            Map<String, Double> baseline, String porcupineNote, String header) {
        StringBuilder t = new StringBuilder(header).append("\n\n").append(porcupineNote).append("\n\n");
        List<String> surprises = new ArrayList<>();
        StringBuilder reference = new StringBuilder();
        StringBuilder harder = new StringBuilder();
        for (int i = 0; i < sets.size(); i++) {
            BenchSet set = sets.get(i);
            SetMeasurement.Result r = ours.get(i);
            PorcupineBench.Run p = theirs.get(i);
            for (SetMeasurement.FileResult f : r.files()) {
                if (f.verdict() != f.expected()) {
                    surprises.add(set.id() + ": " + f.path() + ": expected " + f.expected() + ", got " + f.verdict()
                            + (f.reason() == null ? "" : " (" + f.reason() + ")"));
                }
            }
            if (set.id().startsWith("harder/")) {
                harderRow(harder, set, r, p);
            } else {
                referenceRow(reference, set, r, p, baseline);
            }
        }
        if (reference.length() > 0) {
            t.append("| set | verdicts as expected | Σ median ms | Σ min ms | Porcupine Σ ms | ours / Porcupine "
                    + "| peak heap MB | peak RSS MB | Porcupine peak RSS MB | RSS ours / Porcupine |\n");
            t.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n").append(reference);
        }
        if (harder.length() > 0) {
            t.append(reference.length() > 0 ? "\n" : "").append("Harder set (verdicts known by construction; "
                    + "\"unknown\" = no answer within the time limit):\n\n");
            t.append("| history | Faultline | median ms | Porcupine | median ms | ours / Porcupine | peak RSS MB "
                    + "| Porcupine peak RSS MB |\n");
            t.append("|---|---|---:|---|---:|---:|---:|---:|\n").append(harder);
        }
        if (!surprises.isEmpty()) {
            t.append("\nNot as expected:\n\n");
            surprises.forEach(s -> t.append("- ").append(s).append('\n'));
        }
        return t.toString();
    }

    private static void referenceRow(StringBuilder t, BenchSet set, SetMeasurement.Result r, PorcupineBench.Run p,
            Map<String, Double> baseline) {
        long asExpected = r.files().stream().filter(f -> f.verdict() == f.expected()).count();
        double ours = r.sumOfMedians() / 1e6;
        Double porcupine = p != null ? Double.valueOf(p.millis().values().stream().mapToDouble(Double::doubleValue).sum())
                : fromBaseline(set, baseline);
        t.append(String.format(Locale.ROOT, "| %s | %d / %d | %.1f | %.1f | %s | %s | %d | %s | %s | %s |%n",
                set.name(), asExpected, set.files().size(), ours, r.sumOfMins() / 1e6, number(porcupine),
                ratio(ours, porcupine), r.peakHeapBytes() >> 20, rss(r.peakRssKb()),
                p == null ? "—" : rss(p.peakRssKb()), p == null ? "—" : rssRatio(r.peakRssKb(), p.peakRssKb())));
    }

    private static void harderRow(StringBuilder t, BenchSet set, SetMeasurement.Result r, PorcupineBench.Run p) {
        SetMeasurement.FileResult f = r.files().get(0);
        String ourVerdict = word(f.verdict()) + (f.verdict() == f.expected() ? "" : " (expected " + word(f.expected()) + ")");
        Double theirMillis = p == null ? null : p.millis().values().iterator().next();
        String theirVerdict = p == null ? "—" : porcupineWord(p.results().values().iterator().next());
        double ours = f.medianNanos() / 1e6;
        t.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s | %s | %s | %s | %s |%n", set.name(), ourVerdict, ours,
                theirVerdict, number(theirMillis), ratio(ours, theirMillis), rss(r.peakRssKb()),
                p == null ? "—" : rss(p.peakRssKb())));
    }

    private static Double fromBaseline(BenchSet set, Map<String, Double> baseline) {
        double sum = 0;
        for (BenchSet.BenchFile file : set.files()) {
            Double millis = file.porcupineModel() == null ? null : baseline.get(file.path() + "\t" + file.porcupineModel());
            if (millis == null) {
                return null;
            }
            sum += millis;
        }
        return sum;
    }

    private static String word(Verdict v) {
        return v == null ? "unreadable" : v.name().toLowerCase(Locale.ROOT);
    }

    private static String porcupineWord(String result) {
        return switch (result) {
            case "Ok" -> "valid";
            case "Illegal" -> "invalid";
            case "Unknown" -> "unknown";
            default -> result;
        };
    }

    private static String number(Double millis) {
        return millis == null ? "—" : String.format(Locale.ROOT, "%.1f", millis);
    }

    private static String ratio(double ours, Double theirs) {
        return theirs == null || theirs == 0 ? "—" : String.format(Locale.ROOT, "%.2f", ours / theirs);
    }

    private static String rss(long kb) {
        return kb < 0 ? "—" : Long.toString(kb >> 10);
    }

    private static String rssRatio(long ours, long theirs) {
        return ours < 0 || theirs <= 0 ? "—" : String.format(Locale.ROOT, "%.2f", (double) ours / theirs);
    }
}
