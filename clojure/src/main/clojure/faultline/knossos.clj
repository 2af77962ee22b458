(ns faultline.knossos
  "Faultline's linearizability checker with Knossos' shapes, for histories kept as Clojure data.

  The model constructors are named and take arguments as in knossos.model, and `analysis` takes a
  model and a history as knossos.competition/analysis does and answers with Knossos' keys, so a
  Jepsen test can swap one for the other:

      (require '[faultline.knossos :as fk])
      (fk/analysis (fk/cas-register 0) history)
      ;=> {:valid? true, :analyzer :faultline, :configs [], :final-paths #{}}

  A history is what Jepsen keeps: a sequence of op maps (or records) with :process, :type (:invoke,
  :ok, :fail or :info), :f and :value, and optionally :time, :index and :error. Ops of the
  :nemesis process are ignored. The ops are handed to the checker as Faultline's own history types,
  built here from the Clojure data; nothing is printed and read back."
  (:refer-clojure :exclude [set])
  (:require [clojure.edn :as edn]
            [clojure.java.io :as io])
  (:import (clojure.lang BigInt LineNumberingPushbackReader)
           (io.faultline.checkers.history History HistoryException Keyword Op OpType Operation)
           (io.faultline.checkers.linear Counterexample Counterexample$Step LinearizabilityChecker
                                         LinearizabilityResult Verdict)
           (io.faultline.checkers.model CasRegister KeyValue Model)
           (java.time Duration)
           (java.util ArrayList LinkedHashMap LinkedHashSet List)))

;; Models

(defprotocol CheckedModel
  (checker-model [model]
    "The io.faultline.checkers.model.Model that checks histories for this model.")
  (in-state [model described]
    "This model in the state the checker describes as `described` (the state's EDN text)."))

;; Records named, and with fields, as Knossos' own, so that a printed analysis reads the same.
(defrecord Register [value])
(defrecord CASRegister [value])
(defrecord Mutex [locked?])
(defrecord MultiRegister [])
(defrecord SetModel [s])
(defrecord UnorderedQueue [pending])
(defrecord FIFOQueue [queue])
(defrecord KV [values])
;; Where a final path ends: the op that could not take effect, and why.
(defrecord Inconsistent [msg])

(defn register
  "A read/write register (:read, :write), holding nil or `value`."
  ([] (->Register nil))
  ([value] (->Register value)))

(defn cas-register
  "A compare-and-set register (:read, :write, :cas [expected new]), holding nil or `value`."
  ([] (->CASRegister nil))
  ([value] (->CASRegister value)))

(defn mutex
  "A lock (:acquire, :release), initially free."
  []
  (->Mutex false))

(defn multi-register
  "Registers named by key, read and written atomically by :txn ops whose value is a sequence of
  [f k v] micro-ops (f :read or :write), starting from the map `values`, e.g. {:x 0 :y 0}."
  [values]
  (map->MultiRegister values))

(defn set
  "A set (:add x, :read #{...}), initially empty."
  []
  (->SetModel #{}))

(defn unordered-queue
  "A queue with no order (:enqueue x, :dequeue x), initially empty."
  []
  (->UnorderedQueue []))

(defn fifo-queue
  "A first-in first-out queue (:enqueue x, :dequeue x), initially empty."
  []
  (->FIFOQueue []))

(defn kv
  "Porcupine's key-value store of strings (:get, :put, :append on [key string]), every key
  initially \"\", checked key by key. Knossos has no such model."
  []
  (->KV {}))

(defn- read-state
  "A state's EDN text as Clojure data; the text itself if it is not EDN."
  [^String described]
  (try (edn/read-string described)
       (catch Exception _ described)))

(declare ->value)

(defn- starts-empty
  "The checker's model, which always starts empty, for a Clojure model that must be empty too."
  [model field ^Model checker]
  (when (seq (get model field))
    (throw (IllegalArgumentException.
             (str "Faultline's " (.name checker) " model starts empty, but this one holds "
                  (pr-str (get model field)) "; build it with (" (.name checker) ")"))))
  checker)

(extend-protocol CheckedModel
  Register
  (checker-model [m] (CasRegister/register (->value (:value m))))
  (in-state [_ described] (->Register (read-state described)))

  CASRegister
  (checker-model [m] (CasRegister/casRegister (->value (:value m))))
  (in-state [_ described] (->CASRegister (read-state described)))

  Mutex
  (checker-model [m]
    (when (:locked? m)
      (throw (IllegalArgumentException. "Faultline's mutex model starts free; build it with (mutex)")))
    (io.faultline.checkers.model.Mutex.))
  (in-state [_ described] (->Mutex (= "held" described)))

  MultiRegister
  (checker-model [m] (io.faultline.checkers.model.MultiRegister. (->value (into {} m))))
  (in-state [_ described] (map->MultiRegister (read-state described)))

  SetModel
  (checker-model [m] (starts-empty m :s (io.faultline.checkers.model.SetModel.)))
  (in-state [_ described] (->SetModel (read-state described)))

  UnorderedQueue
  (checker-model [m] (starts-empty m :pending (io.faultline.checkers.model.UnorderedQueue.)))
  (in-state [_ described] (->UnorderedQueue (read-state described)))

  FIFOQueue
  (checker-model [m] (starts-empty m :queue (io.faultline.checkers.model.FifoQueue.)))
  (in-state [_ described] (->FIFOQueue (read-state described)))

  KV
  (checker-model [m] (starts-empty m :values (KeyValue.)))
  (in-state [_ described] (->KV (read-state described)))

  ;; A Faultline model built in Java (say Independent/of a register) is used as it is; its states
  ;; are shown as it describes them.
  Model
  (checker-model [m] m)
  (in-state [_ described] described))

;; Clojure data to Faultline's history types

(defn- plain?
  "A value Faultline's histories hold as Clojure holds it."
  [v]
  (or (nil? v) (instance? Long v) (string? v) (instance? Boolean v) (instance? Double v)))

(defn- ->value
  "A Clojure value as Faultline's histories hold values: keywords become Faultline keywords,
  sequential collections lists, symbols strings, big integers BigIntegers. A vector of plain values
  is handed over as it is: an Op copies it anyway."
  [v]
  (cond
    (plain? v) v
    (keyword? v) (Keyword/of (if-let [ns (namespace v)] (str ns "/" (name v)) (name v)))
    (instance? BigInt v) (.toBigInteger ^BigInt v)
    (map? v) (let [m (LinkedHashMap.)]
               (reduce-kv (fn [_ k x] (.put m (->value k) (->value x))) nil v)
               m)
    (set? v) (let [s (LinkedHashSet.)]
               (reduce (fn [_ x] (.add s (->value x))) nil v)
               s)
    (sequential? v) (if (and (vector? v) (reduce (fn [_ x] (or (plain? x) (reduced false))) true v))
                      v
                      (let [l (ArrayList.)]
                        (reduce (fn [_ x] (.add l (->value x))) nil v)
                        l))
    (symbol? v) (str v)
    :else v))

(def ^:private types
  {:invoke OpType/INVOKE, :ok OpType/OK, :fail OpType/FAIL, :info OpType/INFO})

(def ^:private example "{:process 0, :type :invoke, :f :read, :value nil}")

(defn- malformed [i op problem]
  (ex-info (str "op " i " of the history, " (pr-str op) ": " problem) {:index i, :op op}))

(defn- function-name [i op]
  (let [f (:f op)]
    (if (keyword? f)
      (if-let [ns (namespace f)] (str ns "/" (name f)) (name f))
      (throw (malformed i op (str ":f is " (pr-str f) "; expected a keyword naming the operation, such as :read"))))))

(defn- process-number
  "A process given as a non-negative int, as Faultline numbers processes; else nil."
  [p]
  (when (or (instance? Long p) (instance? Integer p))
    (let [n (.longValue ^Number p)]
      (when (and (<= 0 n) (<= n Integer/MAX_VALUE))
        (int n)))))

(defn- process-numbers
  "A function from an op's :process to the number Faultline uses. Knossos lets a process be any
  value; Faultline numbers processes, so a process that is not a non-negative integer gets a number
  above every integer one (the history is scanned for the highest only when there is such a process)."
  [history]
  (let [others (java.util.HashMap.)
        highest (delay (reduce (fn [m op] (if-let [n (process-number (:process op))] (max (long m) (long n)) m))
                               -1 history))]
    (fn [p]
      (or (process-number p)
          (.get others p)
          (let [n (int (+ (long @highest) 1 (.size others)))]
            (.put others p n)
            n)))))

(defn- ->op
  "The Faultline op for the `i`th op of a history, numbered `i` as History/of would number it. A
  nemesis op keeps its place, so that event numbers in errors are positions in the caller's
  history, but nothing else of it is read."
  ^Op [i op number-of]
  (when-not (map? op)
    (throw (malformed i op (str "expected an op map such as " example))))
  (let [type (types (:type op))
        time (:time op)
        time (if (integer? time) (long time) Op/NO_TIME)]
    (if (= :nemesis (:process op))
      (Op. (int i) Op/NEMESIS (or type OpType/INFO) (if (keyword? (:f op)) (name (:f op)) "nemesis") nil time nil)
      (do (when-not type
            (throw (malformed i op (str ":type is " (pr-str (:type op)) "; expected one of :invoke, :ok, :fail, :info"))))
          (when (nil? (:process op))
            (throw (malformed i op ":process is missing; expected the client's process, such as 0, or :nemesis")))
          (Op. (int i) (int (number-of (:process op))) type (function-name i op)
               (->value (:value op)) time (->value (:error op)))))))

(defn- operations
  "The history's client operations, paired as Faultline's checker takes them."
  ^List [history]
  (let [number-of (process-numbers history)
        ops (ArrayList. (count history))]
    (reduce (fn [i op] (.add ops (->op i op number-of)) (inc i)) 0 history)
    (try (.operations (History/of ops))
         (catch HistoryException e
           (throw (ex-info (str "the history is not well formed: " (.problem e)) {} e))))))

;; Faultline's result to Knossos' shapes

(defn- position
  "Where in the history an operation shows: its completion, or its invocation when it never
  completed or its result is unknown."
  ^long [^Operation o]
  (let [^Op completion (.completion o)]
    (.index (if (and completion (not= OpType/INFO (.type completion)))
              completion
              (.invocation o)))))

(defn- op-map
  "The caller's own op map for an operation, where it shows (see `position`)."
  [history ^Operation o]
  (nth history (position o)))

(defn- previous-ok
  "The last :ok op of a client before position `i`, as Knossos reports it."
  [history i]
  (loop [j (dec i)]
    (when-not (neg? j)
      (let [op (nth history j)]
        (if (and (= :ok (:type op)) (not= :nemesis (:process op)))
          op
          (recur (dec j)))))))

(defn- pending
  "The operations that could still take effect when `op` had to: those invoked before it returned
  that the longest prefix left out (failed ones never take effect), `op` last, as invocations."
  [history ^Model checker ^List all ^Operation op prefix]
  (let [linearized (into #{} (map (fn [^Counterexample$Step s] (.id (.op s)))) prefix)
        id (.id op)
        part (or (some (fn [^List p] (when (some #(= id (.id ^Operation %)) p) p)) (.partition checker all)) all)
        returned (.completeIndex op)]
    (conj (into []
                (comp (remove (fn [^Operation o]
                                (or (linearized (.id o))
                                    (= (.id o) id)
                                    (= OpType/FAIL (.type o))
                                    (> (.invokeIndex o) returned))))
                      (map (fn [^Operation o] (nth history (.invokeIndex o)))))
                part)
          (nth history (.invokeIndex op)))))

(defn- invalid [model history ^Model checker ^List all ^Counterexample cex]
  (let [^Operation failed (.op cex)
        failed-op (op-map history failed)
        state (memoize (fn [described] (in-state model described)))
        initial (.describe checker (.init checker))
        prefixes (.longestPrefixes cex)
        path (fn [^List prefix]
               (let [steps (mapv (fn [^Counterexample$Step s]
                                   {:op (op-map history (.op s)) :model (state (.stateAfter s))})
                                 prefix)
                     before (if (.isEmpty prefix)
                              initial
                              (.stateAfter ^Counterexample$Step (.get prefix (dec (.size prefix)))))]
                 (conj steps {:op failed-op
                              :model (->Inconsistent (str "can't " (pr-str (:f failed-op)) " "
                                                          (pr-str (:value failed-op)) " in state " before))})))
        longest (first prefixes)
        last-op (when (seq longest)
                  (op-map history (.op ^Counterexample$Step (.get ^List longest (dec (.size ^List longest))))))]
    {:valid? false
     :analyzer :faultline
     :op failed-op
     :previous-ok (previous-ok history (position failed))
     :last-op last-op
     :final-paths (into #{} (map path) prefixes)
     :configs (let [p (pending history checker all failed (or longest []))]
                (mapv (fn [described] {:model (state described) :last-op last-op :pending p})
                      (.possibleStates cex)))}))

(defn analysis
  "Checks that `history` is linearizable with respect to `model`, as
  knossos.competition/analysis does, with Faultline's checker. Returns a map with Knossos' keys:

    :valid?       true, false, or :unknown when the time limit ran out first
    :analyzer     :faultline
    :op           (invalid) the op that could not take effect: the caller's own op map
    :previous-ok  (invalid) the last :ok op before it
    :last-op      (invalid) the last op of the longest linearizable prefix
    :final-paths  (invalid) the longest linearizable prefixes found, each a vector of
                  {:op op, :model state-after}, ending with the op that could not take effect and
                  an Inconsistent model saying why; #{} otherwise
    :configs      (invalid) each state the model could be in when :op had to take effect, as
                  {:model state, :last-op op, :pending [ops]}; [] otherwise (Faultline does not
                  keep the final states of a valid search)
    :cause        (unknown) :timeout, or the checker's reason as a string

  `opts` takes {:time-limit ms}; without it the search runs until it decides, as Knossos' does."
  ([model history]
   (analysis model history {}))
  ([model history {:keys [time-limit]}]
   (when-not (satisfies? CheckedModel model)
     (throw (IllegalArgumentException.
              (str "not a model faultline.knossos can check: " (pr-str model) "; build one with register, "
                   "cas-register, mutex, multi-register, set, unordered-queue, fifo-queue or kv"))))
   (let [history (vec history)
         ^Model checker (checker-model model)
         all (operations history)
         limit (if time-limit (Duration/ofMillis time-limit) (Duration/ofNanos Long/MAX_VALUE))
         ^LinearizabilityResult result (.check (.withTimeLimit (LinearizabilityChecker/create) limit) checker all)]
     (condp = (.verdict result)
       Verdict/VALID {:valid? true, :analyzer :faultline, :configs [], :final-paths #{}}
       Verdict/INVALID (invalid model history checker all (.counterexample result))
       Verdict/UNKNOWN {:valid? :unknown
                        :analyzer :faultline
                        :cause (if (and time-limit (<= time-limit (.toMillis (.elapsed result))))
                                 :timeout
                                 (.reason result))
                        :configs []
                        :final-paths #{}}))))

;; Files

(defn read-history
  "The history in a history.edn file, as Clojure data: Jepsen's one op map per line, or Knossos' one
  vector or list of op maps. Tagged values (#jepsen.history.Op{...}, #uuid ...) read as their
  untagged value."
  [path]
  (with-open [in (LineNumberingPushbackReader. (io/reader (io/file path)))]
    (let [opts {:eof ::end, :default (fn [_tag value] value)}
          next-value (fn []
                       (try (edn/read opts in)
                            (catch Exception e
                              ;; the reader's own message is on the innermost cause
                              (let [root (loop [t e] (if-let [c (ex-cause t)] (recur c) t))]
                                (throw (ex-info (str path ":" (.getLineNumber in) ": not EDN: " (ex-message root))
                                                {:path (str path)} e))))))
          first-value (next-value)]
      (cond
        (= ::end first-value) []
        (map? first-value) (loop [ops [first-value]]
                             (let [v (next-value)]
                               (cond (= ::end v) ops
                                     (map? v) (recur (conj ops v))
                                     :else (throw (ex-info (str path ":" (.getLineNumber in) ": expected an op map "
                                                                "such as " example ", found " (pr-str v))
                                                           {:path (str path)})))))
        (sequential? first-value) (if (= ::end (next-value))
                                    (vec first-value)
                                    (throw (ex-info (str path ":" (.getLineNumber in) ": unexpected value after the "
                                                         "collection of ops; expected the end of the file")
                                                    {:path (str path)})))
        :else (throw (ex-info (str path ": expected a vector or list of op maps, or op maps one per line as "
                                   "Jepsen writes them; found " (pr-str first-value))
                              {:path (str path)}))))))

(defn check-file
  "The analysis of the history in the history.edn file at `path`; see `analysis` and `read-history`."
  ([model path]
   (check-file model path {}))
  ([model path opts]
   (analysis model (read-history path) opts)))
