package io.faultline.cli;

import io.faultline.checkers.format.HistoryFormat;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.model.CasRegister;
import io.faultline.checkers.model.Model;
import io.faultline.checkers.model.Models;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A group of reference histories, each checked as the project it comes from checks it.
 *
 * @param name what the table calls the set
 * @param files the histories, each with its format, model and Porcupine's name for that model
 */
record BenchSet(String name, List<BenchFile> files) {

    /**
     * One history of a set.
     *
     * @param path relative to the histories directory, as {@code verdicts.tsv} names it
     * @param porcupineModel the model column of {@code porcupine-baseline-timings.tsv}, or null when
     *     Porcupine was not timed on this file
     */
    record BenchFile(String path, HistoryFormat format, Model<?> model, String porcupineModel) {
    }

    /** The five sets of {@code ../shared/histories}, with each of {@code files} that belongs to one. */
    static List<BenchSet> all(Collection<String> files) {
        List<String> sorted = new ArrayList<>(files);
        sorted.sort(null);
        List<BenchFile> etcd = matching(sorted, "porcupine/test_data/jepsen/etcd_\\d+\\.log", HistoryFormat.JEPSEN_LOG,
                Models.byName("cas-register", null, CasRegister.Semantics.PORCUPINE), "etcdModel");
        List<BenchFile> kv = matching(sorted, "porcupine/test_data/kv/c\\d+-(ok|bad)\\.txt", HistoryFormat.PORCUPINE_KV,
                Models.byName("kv", null), "kvModel (partitioned by key)");
        List<BenchFile> kvUnpartitioned = matching(sorted, "porcupine/test_data/kv/c10-(ok|bad)\\.txt",
                HistoryFormat.PORCUPINE_KV, Models.byName("kv-unpartitioned", null), "kvNoPartitionModel");
        List<BenchFile> casRegister = matching(sorted, "knossos/data/cas-register/(good|bad)/.*\\.edn",
                HistoryFormat.EDN, Models.byName("cas-register", 0L), null);
        List<BenchFile> others = new ArrayList<>();
        others.addAll(matching(sorted, "knossos/data/multi-register/.*\\.edn", HistoryFormat.EDN,
                Models.byName("multi-register", Map.of(Keyword.of("x"), 0L, Keyword.of("y"), 0L)), null));
        others.addAll(matching(sorted, "knossos/data/mutex/.*\\.edn", HistoryFormat.EDN, Models.byName("mutex", null),
                null));
        return List.of(
                new BenchSet("etcd (" + etcd.size() + " Jepsen logs, Porcupine semantics, cas-register initial nil)",
                        etcd),
                new BenchSet("kv partitioned (" + kv.size() + " Porcupine kv files, model kv)", kv),
                new BenchSet("kv c10 unpartitioned (c10-ok, c10-bad, model kv-unpartitioned)", kvUnpartitioned),
                new BenchSet("knossos cas-register (" + casRegister.size() + " files, initial 0)", casRegister),
                new BenchSet("knossos multi-register + mutex", others));
    }

    private static List<BenchFile> matching(List<String> files, String regex, HistoryFormat format, Model<?> model,
            String porcupineModel) {
        Pattern pattern = Pattern.compile(regex);
        List<BenchFile> matched = new ArrayList<>();
        for (String file : files) {
            if (pattern.matcher(file).matches()) {
                matched.add(new BenchFile(file, format, model, porcupineModel));
            }
        }
        return matched;
    }
}
