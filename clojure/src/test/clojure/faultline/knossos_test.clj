(ns faultline.knossos-test
  (:require [clojure.edn :as edn]
            [clojure.java.io :as io]
            [clojure.string :as str]
            [clojure.test :refer [deftest is testing]]
            [faultline.knossos :as fk])
  (:import (clojure.lang ExceptionInfo)
           (io.faultline.checkers.model KeyValue)
           (java.nio.file Files)
           (java.nio.file.attribute FileAttribute)))

(defn- example [name]
  (str (System/getProperty "faultline.root" "..") "/examples/histories/" name))

(defn- op [process type f value & {:as more}]
  (merge {:process process, :type type, :f f, :value value} more))

(def stale-read
  [(op 0 :invoke :write 1)
   (op 0 :ok :write 1)
   (op 1 :invoke :read nil)
   (op 1 :ok :read 0)])

(deftest a-stale-read-is-invalid-with-knossos-keys
  (let [history (edn/read-string (slurp (example "stale-read.edn")))
        a (fk/analysis (fk/cas-register 0) history)]
    (is (= false (:valid? a)))
    (is (= :faultline (:analyzer a)))
    (testing "ops are the caller's own maps"
      (is (identical? (nth history 3) (:op a)))
      (is (identical? (nth history 1) (:previous-ok a)))
      (is (identical? (nth history 1) (:last-op a))))
    (testing "final paths: the longest prefix, then the op that could not take effect"
      (is (set? (:final-paths a)))
      (is (= #{[{:op (nth history 1), :model (fk/cas-register 1)}
                {:op (nth history 3), :model (fk/->Inconsistent "can't :read 0 in state 1")}]}
             (:final-paths a))))
    (testing "configs: the states the register could hold, and what was still pending"
      (is (= [{:model (fk/cas-register 1), :last-op (nth history 1), :pending [(nth history 2)]}]
             (:configs a))))))

(deftest a-linearizable-history-has-knossos-keys
  (let [a (fk/analysis (fk/cas-register 0) (edn/read-string (slurp (example "cas-ok.edn"))))]
    (is (= {:valid? true, :analyzer :faultline, :configs [], :final-paths #{}} a))))

(deftest the-model-s-initial-value-counts
  (is (= true (:valid? (fk/analysis (fk/cas-register 1) (assoc-in stale-read [3 :value] 1)))))
  (is (= false (:valid? (fk/analysis (fk/cas-register 1) (assoc-in stale-read [1 :value] 2)))))
  (testing "a read of nil constrains nothing, as in Knossos' register"
    (is (= true (:valid? (fk/analysis (fk/register) (assoc-in stale-read [3 :value] nil)))))))

(deftest nemesis-ops-are-ignored-and-positions-kept
  (let [nemesis {:process :nemesis, :type :info, :f :start, :value {"n1" #{"n2" "n3"}}}
        history (vec (interleave [nemesis nemesis nemesis nemesis] stale-read))
        a (fk/analysis (fk/cas-register 0) history)]
    (is (= false (:valid? a)))
    (is (identical? (nth history 7) (:op a)))
    (is (identical? (nth history 3) (:previous-ok a)))))

(deftest processes-need-not-be-integers
  (let [history (mapv #(update % :process {0 :alice, 1 "bob"}) stale-read)
        a (fk/analysis (fk/cas-register 0) history)]
    (is (= false (:valid? a)))
    (is (= "bob" (:process (:op a))))
    (is (= true (:valid? (fk/analysis (fk/cas-register 0) (mapv #(update % :process {0 :a, 1 1}) (take 2 stale-read))))))))

;; Jepsen 0.3 keeps ops as records (jepsen.history.Op); anything with the keys will do.
(defrecord JepsenOp [index time type process f value])

(deftest records-are-ops-too
  (let [history (vec (map-indexed (fn [i o] (map->JepsenOp (assoc o :index i :time (* 1000 i)))) stale-read))]
    (is (= false (:valid? (fk/analysis (fk/cas-register 0) history))))))

(deftest an-info-write-may-take-effect-later
  (is (= true (:valid? (fk/analysis (fk/cas-register 0) (fk/read-history (example "timed-out-write.edn")))))))

(deftest failed-ops-never-happened
  (let [history [(op 0 :invoke :write 1) (op 0 :fail :write 1 :error :timeout)
                 (op 1 :invoke :read nil) (op 1 :ok :read 1)]]
    (is (= false (:valid? (fk/analysis (fk/cas-register 0) history))))))

(deftest every-model-by-its-knossos-name
  (testing "mutex"
    (is (= true (:valid? (fk/analysis (fk/mutex) [(op 0 :invoke :acquire nil) (op 0 :ok :acquire nil)
                                                   (op 1 :invoke :acquire nil) (op 0 :invoke :release nil)
                                                   (op 0 :ok :release nil) (op 1 :ok :acquire nil)]))))
    (let [a (fk/analysis (fk/mutex) [(op 0 :invoke :acquire nil) (op 0 :ok :acquire nil)
                                     (op 1 :invoke :acquire nil) (op 1 :ok :acquire nil)])]
      (is (= false (:valid? a)))
      (is (= (fk/->Mutex true) (:model (first (:configs a)))))))
  (testing "multi-register, keyword keys and nil reads"
    (let [history [(op 0 :invoke :txn [[:write :x 1] [:read :y nil]]) (op 0 :ok :txn [[:write :x 1] [:read :y 0]])
                   (op 1 :invoke :txn [[:read :x nil]]) (op 1 :ok :txn [[:read :x 1]])]]
      (is (= true (:valid? (fk/analysis (fk/multi-register {:x 0 :y 0}) history))))
      (let [a (fk/analysis (fk/multi-register {:x 0 :y 1}) history)]
        (is (= false (:valid? a)))
        (is (= {:x 0, :y 1} (into {} (:model (first (:configs a)))))))))
  (testing "set: reads are sets"
    (is (= true (:valid? (fk/analysis (fk/set) [(op 0 :invoke :add 1) (op 0 :ok :add 1)
                                                 (op 1 :invoke :read nil) (op 1 :ok :read #{1})]))))
    (let [a (fk/analysis (fk/set) [(op 0 :invoke :add 1) (op 0 :ok :add 1)
                                   (op 1 :invoke :read nil) (op 1 :ok :read #{1 2})])]
      (is (= false (:valid? a)))
      (is (= (fk/->SetModel #{1}) (:model (first (:configs a)))))))
  (testing "queues"
    (let [history [(op 0 :invoke :enqueue 1) (op 0 :ok :enqueue 1) (op 0 :invoke :enqueue 2) (op 0 :ok :enqueue 2)
                   (op 1 :invoke :dequeue nil) (op 1 :ok :dequeue 2)]]
      (is (= true (:valid? (fk/analysis (fk/unordered-queue) history))))
      (let [a (fk/analysis (fk/fifo-queue) history)]
        (is (= false (:valid? a)))
        (is (= (fk/->FIFOQueue [1 2]) (:model (first (:configs a))))))))
  (testing "kv, key by key"
    (let [history [(op 0 :invoke :put ["k" "a"]) (op 0 :ok :put ["k" "a"])
                   (op 1 :invoke :append ["k" "b"]) (op 1 :ok :append ["k" "b"])
                   (op 2 :invoke :get ["k" nil]) (op 2 :ok :get ["k" "ab"])]]
      (is (= true (:valid? (fk/analysis (fk/kv) history))))
      (is (= false (:valid? (fk/analysis (fk/kv) (assoc-in history [5 :value 1] "ba")))))))
  (testing "registers hold keywords, strings and vectors"
    (doseq [v [:x "x" [1 :two "three"] {:a #{1}}]]
      (is (= true (:valid? (fk/analysis (fk/register) [(op 0 :invoke :write v) (op 0 :ok :write v)
                                                        (op 1 :invoke :read nil) (op 1 :ok :read v)]))) (pr-str v))
      (is (= false (:valid? (fk/analysis (fk/register) [(op 0 :invoke :write v) (op 0 :ok :write v)
                                                         (op 1 :invoke :read nil) (op 1 :ok :read [v])]))) (pr-str v)))))

(deftest a-time-limit-gives-unknown-with-cause-timeout
  ;; Porcupine's c10 kv log, checked as one history, takes the checker hundreds of milliseconds.
  (let [file (io/file (System/getProperty "faultline.histories") "porcupine/test_data/kv/c10-ok.txt")
        history (->> (str/split-lines (slurp file))
                     (remove str/blank?)
                     (mapv (fn [line]
                             (let [m (edn/read-string line)]
                               (-> m (assoc :value [(:key m) (:value m)]) (dissoc :key))))))
        a (fk/analysis (KeyValue/unpartitioned) history {:time-limit 1})]
    (is (= :unknown (:valid? a)))
    (is (= :timeout (:cause a)))
    (is (= :faultline (:analyzer a)))
    (testing "and key by key, it decides at once"
      (is (= true (:valid? (fk/analysis (fk/kv) history {:time-limit 60000})))))))

(deftest bad-input-says-what-and-where
  (let [message (fn [f] (try (f) nil (catch ExceptionInfo e (ex-message e)) (catch IllegalArgumentException e (ex-message e))))]
    (is (= "op 1 of the history, {:process 0, :type :done, :f :write, :value 1}: :type is :done; expected one of :invoke, :ok, :fail, :info"
           (message #(fk/analysis (fk/register) [(op 0 :invoke :write 1) (op 0 :done :write 1)]))))
    (is (str/includes? (message #(fk/analysis (fk/register) [(op 0 :invoke "write" 1)]))
                       ":f is \"write\"; expected a keyword naming the operation, such as :read"))
    (is (str/includes? (message #(fk/analysis (fk/register) [{:type :invoke :f :write :value 1}]))
                       ":process is missing"))
    (is (str/includes? (message #(fk/analysis (fk/register) [[0 :invoke :write 1]]))
                       "expected an op map such as {:process 0, :type :invoke, :f :read, :value nil}"))
    (is (str/includes? (message #(fk/analysis (fk/register) [(op 0 :invoke :write 1) (op 0 :invoke :write 2)]))
                       "process 0 invokes write while its write invoked at event 0 is still outstanding"))
    (is (str/includes? (message #(fk/analysis {:value 0} stale-read))
                       "build one with register, cas-register, mutex"))
    (is (str/includes? (message #(fk/analysis (fk/->SetModel #{1}) stale-read))
                       "starts empty"))))

(deftest check-file-reads-jepsen-and-knossos-files
  (let [dir (Files/createTempDirectory "faultline-knossos" (make-array FileAttribute 0))
        jepsen (io/file (str dir) "history.edn")
        knossos (io/file (str dir) "list.edn")
        broken (io/file (str dir) "broken.edn")]
    (try
      ;; Jepsen writes one op map per line, records tagged; Knossos' files are one list or vector.
      (spit jepsen (str/join "\n" (map #(str "#jepsen.history.Op" (pr-str %)) stale-read)))
      (spit knossos (str "; a comment\n(" (str/join "\n " (map pr-str stale-read)) ")"))
      (spit broken (str "[" (pr-str (first stale-read)) "\n {:process 0, :type :ok\n"))
      (is (= stale-read (fk/read-history jepsen)))
      (is (= false (:valid? (fk/check-file (fk/cas-register 0) jepsen))))
      (is (= false (:valid? (fk/check-file (fk/cas-register 0) (str knossos) {:time-limit 10000}))))
      (let [e (try (fk/read-history broken) (catch ExceptionInfo e e))]
        (is (instance? ExceptionInfo e))
        (is (str/starts-with? (ex-message e) (str broken ":3: not EDN: EOF"))))
      (finally
        (doseq [f [jepsen knossos broken]] (io/delete-file f true))
        (io/delete-file (str dir) true)))))
