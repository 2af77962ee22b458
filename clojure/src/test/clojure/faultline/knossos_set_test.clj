(ns faultline.knossos-set-test
  "Every history Knossos keeps in its repository (../shared/histories/knossos), read with clojure.edn,
  gets from faultline.knossos/analysis the verdict Knossos' own tests assert (verdicts.tsv)."
  (:require [clojure.edn :as edn]
            [clojure.java.io :as io]
            [clojure.string :as str]
            [clojure.test :refer [deftest is testing]]
            [faultline.knossos :as fk]))

(defn histories
  "The directory of reference histories; fails, saying how to point at it, when it is missing."
  []
  (let [dir (io/file (or (System/getProperty "faultline.histories") "../../shared/histories"))]
    (when-not (.isDirectory dir)
      (throw (IllegalStateException.
               (str "the reference histories are not at " dir "; put shared/histories beside the repository, "
                    "or run with -Dfaultline.histories=DIR"))))
    dir))

(defn knossos-rows
  "verdicts.tsv's rows for Knossos' .edn histories: {:file relative-path, :valid? bool}."
  []
  (->> (str/split-lines (slurp (io/file (histories) "verdicts.tsv")))
       rest
       (map #(str/split % #"\t"))
       (filter (fn [[file]] (and (str/starts-with? file "knossos/") (str/ends-with? file ".edn"))))
       (map (fn [[file expected]]
              {:file file
               :valid? (case expected "linearizable" true "NOT linearizable" false)}))))

(defn model-for
  "The model Knossos' tests check each directory with (core_test.clj test-examples, report_test.clj)."
  [file]
  (cond (str/includes? file "/cas-register/") (fk/cas-register 0)
        (str/includes? file "/multi-register/") (fk/multi-register {:x 0 :y 0})
        (str/includes? file "/mutex/") (fk/mutex)))

(deftest every-knossos-history-gets-knossos-verdict-and-keys
  (let [rows (knossos-rows)]
    (is (= 122 (count rows)) "verdicts.tsv lists 122 Knossos histories")
    (doseq [{:keys [file valid?]} rows]
      (testing file
        (let [history (edn/read-string (slurp (io/file (histories) file)))
              a (fk/analysis (model-for file) history)]
          (is (sequential? history))
          (is (= valid? (:valid? a)))
          (is (= :faultline (:analyzer a)))
          (is (every? #(contains? a %) [:valid? :analyzer :configs :final-paths]))
          (when (false? (:valid? a))
            (is (every? #(contains? a %) [:op :previous-ok :last-op]))
            (is (= :ok (:type (:op a))) "the op that could not take effect is a completion")
            (is (some #(identical? (:op a) %) history) "and is the history's own map")
            (is (seq (:final-paths a)))
            (is (every? #(instance? faultline.knossos.Inconsistent (:model (peek %))) (:final-paths a)))
            (is (seq (:configs a)))))))))
