package io.faultline.cli;

import io.faultline.checkers.format.HistoryFormat;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.linear.Verdict;
import io.faultline.checkers.model.CasRegister;
import io.faultline.checkers.model.Model;
import io.faultline.checkers.model.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A group of histories, each checked as the project it comes from checks it.
 *
 * @param id what {@code --set} calls it
 * @param name what the table calls it
 * @param files the histories, each with its format, model and expected verdict
 * @param porcupineBenchmarks the Go benchmarks of Porcupine's own test suite that time the same files
 *     (a {@code -test.bench} pattern), or null when it has none
 */
record BenchSet(String id, String name, List<BenchFile> files, String porcupineBenchmarks) {

    /**
     * One history of a set.
     *
     * @param path relative to the set's directory, as {@code verdicts.tsv} names it
     * @param porcupineModel the model column of {@code porcupine-baseline-timings.tsv} (null when
     *     Porcupine was never timed on this file)
     * @param porcupineChecker how Porcupine's own parsers and models read this file: {@code etcd},
     *     {@code kv} or {@code kv-unpartitioned}; null when they cannot
     */
    record BenchFile(String path, HistoryFormat format, Model<?> model, Verdict expected, String porcupineModel,
            String porcupineChecker) {
    }

    /** The five sets of {@code ../shared/histories}, with each file of {@code expected} that belongs to one. */
    static List<BenchSet> reference(Map<String, Verdict> expected) {
        List<String> sorted = new ArrayList<>(expected.keySet());
        sorted.sort(null);
        List<BenchFile> etcd = matching(sorted, expected, "porcupine/test_data/jepsen/etcd_\\d+\\.log",
                HistoryFormat.JEPSEN_LOG, Models.byName("cas-register", null, CasRegister.Semantics.PORCUPINE),
                "etcdModel", "etcd");
        List<BenchFile> kv = matching(sorted, expected, "porcupine/test_data/kv/c\\d+-(ok|bad)\\.txt",
                HistoryFormat.PORCUPINE_KV, Models.byName("kv", null), "kvModel (partitioned by key)", "kv");
        List<BenchFile> kvUnpartitioned = matching(sorted, expected, "porcupine/test_data/kv/c10-(ok|bad)\\.txt",
                HistoryFormat.PORCUPINE_KV, Models.byName("kv-unpartitioned", null), "kvNoPartitionModel",
                "kv-unpartitioned");
        List<BenchFile> casRegister = matching(sorted, expected, "knossos/data/cas-register/(good|bad)/.*\\.edn",
                HistoryFormat.EDN, Models.byName("cas-register", 0L), null, null);
        List<BenchFile> others = new ArrayList<>();
        others.addAll(matching(sorted, expected, "knossos/data/multi-register/.*\\.edn", HistoryFormat.EDN,
                Models.byName("multi-register", Map.of(Keyword.of("x"), 0L, Keyword.of("y"), 0L)), null, null));
        others.addAll(matching(sorted, expected, "knossos/data/mutex/.*\\.edn", HistoryFormat.EDN,
                Models.byName("mutex", null), null, null));
        return List.of(
                new BenchSet("etcd", "etcd (" + etcd.size()
                        + " Jepsen logs, Porcupine semantics, cas-register initial nil)", etcd, "^BenchmarkEtcdJepsen"),
                new BenchSet("kv", "kv partitioned (" + kv.size() + " Porcupine kv files, model kv)", kv,
                        "^BenchmarkKv[0-9]"),
                new BenchSet("kv-unpartitioned", "kv c10 unpartitioned (c10-ok, c10-bad, model kv-unpartitioned)",
                        kvUnpartitioned, "^BenchmarkKvNoPartition10"),
                new BenchSet("knossos-cas-register", "knossos cas-register (" + casRegister.size()
                        + " files, initial 0)", casRegister, null),
                new BenchSet("knossos-others", "knossos multi-register + mutex", others, null));
    }

    private static List<BenchFile> matching(List<String> files, Map<String, Verdict> expected, String regex,
            HistoryFormat format, Model<?> model, String porcupineModel, String porcupineChecker) {
        Pattern pattern = Pattern.compile(regex);
        List<BenchFile> matched = new ArrayList<>();
        for (String file : files) {
            if (pattern.matcher(file).matches()) {
                matched.add(new BenchFile(file, format, model, expected.get(file), porcupineModel, porcupineChecker));
            }
        }
        return matched;
    }
}
