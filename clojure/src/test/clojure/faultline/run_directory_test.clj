(ns faultline.run-directory-test
  "A chaos run's history.edn, read by clojure.edn, is the vector of maps Jepsen would have written, and
  matches the run's history.jsonl one op for one; and faultline.knossos/analysis agrees with the
  verdict the run wrote. The run directories are real runs, kept in test resources (runs/README.md)."
  (:require [clojure.edn :as edn]
            [clojure.java.io :as io]
            [clojure.string :as str]
            [clojure.test :refer [deftest is testing]]
            [faultline.knossos :as fk])
  (:import (io.faultline.checkers.format HistoryFormat)
           (io.faultline.checkers.history Keyword Op)
           (java.util List Map Set)
           (java.util.zip GZIPInputStream)))

(defn- run-directories []
  (let [dirs (->> (.listFiles (io/file (io/resource "runs"))) (filter #(.isDirectory %)) (sort-by #(.getName %)))]
    (when (empty? dirs)
      (throw (IllegalStateException. "no run directories under test resources runs/")))
    dirs))

(defn- reader
  "The file `name` in `dir`, or its gzipped copy `name`.gz."
  [dir name]
  (let [plain (io/file dir name)]
    (if (.exists plain)
      (io/reader plain)
      (io/reader (GZIPInputStream. (io/input-stream (io/file dir (str name ".gz"))))))))

(def ^:private jepsen-keys #{:index :time :type :process :f :value :error})

(defn- same-value?
  "Whether a value read by clojure.edn is the one history.jsonl holds. JSON has no sets and no
  non-string keys: a set is written as an array, a keyword as \":name\", which Faultline's JSON Lines
  reader reads back as a keyword."
  [edn-value json-value]
  (cond
    (keyword? edn-value) (= (Keyword/of (subs (str edn-value) 1)) json-value)
    (set? edn-value) (and (instance? List json-value)
                          (= (count edn-value) (count json-value))
                          (every? (fn [x] (some #(same-value? x %) json-value)) edn-value))
    (sequential? edn-value) (and (instance? List json-value)
                                 (= (count edn-value) (count json-value))
                                 (every? true? (map same-value? edn-value json-value)))
    (map? edn-value) (and (instance? Map json-value)
                          (= (count edn-value) (count json-value))
                          (every? (fn [[k v]]
                                    (some (fn [^java.util.Map$Entry e]
                                            (and (or (same-value? k (.getKey e)) (= (str k) (str (.getKey e))))
                                                 (same-value? v (.getValue e))))
                                          (.entrySet ^Map json-value)))
                                  edn-value))
    (integer? edn-value) (and (integer? json-value) (== edn-value json-value))
    :else (= edn-value json-value)))

(defn- same-op? [i m ^Op op]
  (and (= i (:index m) (.index op))
       (= (if (.hasTime op) (.time op) nil) (:time m))
       (= (.keyword (.type op)) (name (:type m)))
       (if (.isNemesis op) (= :nemesis (:process m)) (= (.process op) (:process m)))
       (= (.f op) (name (:f m)))
       (same-value? (:value m) (.value op))
       (= (contains? m :error) (some? (.error op)))
       (same-value? (:error m) (.error op))))

(deftest history-edn-reads-with-clojure-edn-as-jepsen-would-have-written-it
  (doseq [dir (run-directories)]
    (testing (.getName dir)
      (let [history (with-open [in (reader dir "history.edn")] (edn/read-string (slurp in)))
            jsonl (with-open [in (reader dir "history.jsonl")] (.ops (.read HistoryFormat/JSONL in "history.jsonl")))
            values (mapcat (juxt :value :error) history)]
        (is (vector? history) "one vector of op maps")
        (is (< 100 (count history)) "a real run's history")
        (is (every? map? history))
        (is (every? #(and (every? jepsen-keys (keys %)) (every? % [:index :type :process :f])) history)
            "keyword keys, Jepsen's")
        (is (every? #{:invoke :ok :fail :info} (map :type history)))
        (is (every? keyword? (map :f history)))
        (is (every? #(or (integer? %) (= :nemesis %)) (map :process history)))
        (is (boolean (some nil? values)) "nil reads as nil")
        (testing "op for op the same as history.jsonl"
          (is (= (count jsonl) (count history)))
          (let [mismatches (keep-indexed (fn [i [m op]] (when-not (same-op? i m op) [i m (str op)]))
                                         (map vector history jsonl))]
            (is (empty? mismatches) (str "first mismatches: " (pr-str (take 3 mismatches))))))))))

(deftest values-read-as-the-clojure-data-jepsen-writes
  (let [values (for [dir (run-directories)
                     op (with-open [in (reader dir "history.edn")] (edn/read-string (slurp in)))
                     v ((juxt :value :error) op)]
                 v)]
    (is (boolean (some #(and (vector? %) (= 2 (count %))) values)) "a CAS's [expected new] is a vector")
    (is (boolean (some keyword? values)) "an error such as :mismatch is a keyword")
    (is (boolean (some string? values)) "an error message is a string")
    (is (boolean (some integer? values)))))

(deftest analysis-agrees-with-the-run-s-own-verdict
  (doseq [dir (run-directories)]
    (testing (.getName dir)
      (let [history (with-open [in (reader dir "history.edn")] (edn/read-string (slurp in)))
            verdict (slurp (io/file dir "linearizability.json"))
            ;; the run's check: CasRegister.casRegister(0L), as the suites assert
            a (fk/analysis (fk/cas-register 0) history)]
        (is (str/includes? verdict (str "\"valid\" : " (:valid? a))) (str "linearizability.json: " (subs verdict 0 200)))
        (when (false? (:valid? a))
          (is (str/includes? verdict (str "\"index\" : " (:index (:op a)) ",")) "the same op could not take effect"))))))
