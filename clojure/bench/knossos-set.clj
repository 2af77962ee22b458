;; Times faultline.knossos/analysis, called from Clojure on histories read by clojure.edn, against
;; Faultline's Java API (LinearizabilityChecker.check on the same files read by HistoryFormat.EDN),
;; in one JVM, alternating per file so that both see the same machine: every Knossos history in
;; ../shared/histories, and the ZooKeeper chaos run kept in the clojure module's test resources.
;; Times are sums over the files of each file's median. First with reading excluded from both: the
;; Clojure side's time then includes turning Clojure data into Faultline's ops and the answer back
;; into Knossos' shapes, the interop's cost, where the Java side's history is already built. Then
;; from the EDN text: edn-java's reading (HistoryFormat.EDN) and the check, against clojure.edn's
;; reading and the analysis.
;;
;;   bin/faultline clojure clojure/bench/knossos-set.clj [--reps N] [--warmup N] [--histories DIR]
;;
;; Prints a Markdown table for BENCHMARKS.md.
(require '[clojure.edn :as edn]
         '[clojure.java.io :as io]
         '[clojure.string :as str]
         '[faultline.knossos :as fk])
(import '(io.faultline.checkers.format HistoryFormat)
        '(io.faultline.checkers.history Keyword)
        '(io.faultline.checkers.linear LinearizabilityChecker)
        '(io.faultline.checkers.model Models)
        '(java.io InputStreamReader)
        '(java.util.zip GZIPInputStream))

(def options
  (let [args (apply hash-map *command-line-args*)]
    {:reps (parse-long (get args "--reps" "5"))
     :warmup (parse-long (get args "--warmup" "2"))
     :histories (io/file (get args "--histories"
                              (or (System/getenv "FAULTLINE_HISTORIES") (System/getProperty "faultline.histories"))))}))

(def zookeeper-run
  "A real chaos run's history (11,214 events), beside this script in the repository."
  (io/file (.getParentFile (io/file *file*)) "../src/test/resources/runs/zookeeper-cas-register/history.edn.gz"))

(defn knossos-histories []
  (->> (str/split-lines (slurp (io/file (:histories options) "verdicts.tsv")))
       rest
       (map #(str/split % #"\t"))
       (filter (fn [[file]] (and (str/starts-with? file "knossos/") (str/ends-with? file ".edn"))))
       (map (fn [[file expected]]
              {:set (if (str/includes? file "/cas-register/") "Knossos' cas-register histories" "Knossos' multi-register and mutex histories")
               :text #(slurp (io/file (:histories options) file))
               :valid? (= expected "linearizable")
               :model (cond (str/includes? file "/cas-register/") :cas-register
                            (str/includes? file "/multi-register/") :multi-register
                            :else :mutex)}))))

(defn models [model]
  (case model
    :cas-register [(fk/cas-register 0) (Models/byName "cas-register" 0)]
    :multi-register [(fk/multi-register {:x 0 :y 0}) (Models/byName "multi-register" {(Keyword/of "x") 0, (Keyword/of "y") 0})]
    :mutex [(fk/mutex) (Models/byName "mutex" nil)]))

(defn nanos [f]
  (let [start (System/nanoTime)
        result (f)]
    [(- (System/nanoTime) start) result]))

(defn median [xs] (nth (sort xs) (quot (count xs) 2)))

(defn measure [{:keys [set text valid? model]}]
  (let [text (text)
        clojure-history (edn/read-string text)
        java-history (.read HistoryFormat/EDN (java.io.StringReader. text) "history.edn")
        [clojure-model java-model] (models model)
        checker (LinearizabilityChecker/create)
        ways {:java #(.jepsenValid (.verdict (.check checker java-model java-history)))
              :clojure #(:valid? (fk/analysis clojure-model clojure-history))
              :java-text #(.jepsenValid (.verdict (.check checker java-model (.read HistoryFormat/EDN (java.io.StringReader. text) "history.edn"))))
              :clojure-text #(:valid? (fk/analysis clojure-model (edn/read-string text)))}]
    (dotimes [_ (:warmup options)] (doseq [f (vals ways)] (f)))
    ;; round robin, so that every way sees the machine as loaded as the others
    (let [runs (doall (repeatedly (:reps options) (fn [] (into {} (map (fn [[k f]] [k (nanos f)])) ways))))]
      (into {:set set
             :events (count clojure-history)
             :as-expected (every? (fn [run] (every? #(= valid? (second %)) (vals run))) runs)}
            (for [k (keys ways)]
              [k (median (map (comp first k) runs))])))))

(defn ms [nanos] (format "%.1f" (/ nanos 1e6)))

(let [runs (concat (knossos-histories)
                   (when (.exists zookeeper-run)
                     [{:set "a ZooKeeper chaos run (clojure/src/test/resources/runs)"
                       :text #(slurp (InputStreamReader. (GZIPInputStream. (io/input-stream zookeeper-run))))
                       :valid? true
                       :model :cas-register}]))
      results (mapv measure runs)]
  (println (str "| histories | files | events | verdicts as expected (all four) "
                "| Java API: check | faultline.knossos: analysis | Clojure / Java "
                "| Java API: read EDN + check | Clojure: clojure.edn + analysis | Clojure / Java |"))
  (println "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
  (doseq [[set rs] (sort-by (comp :events first val) > (group-by :set results))]
    (let [sum #(reduce + (map % rs))]
      (println (format "| %s | %d | %,d | %d / %d | %s ms | %s ms | %.2f | %s ms | %s ms | %.2f |" set (count rs) (sum :events)
                       (count (filter :as-expected rs)) (count rs)
                       (ms (sum :java)) (ms (sum :clojure)) (double (/ (sum :clojure) (sum :java)))
                       (ms (sum :java-text)) (ms (sum :clojure-text)) (double (/ (sum :clojure-text) (sum :java-text))))))))
