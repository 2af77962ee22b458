(ns knossos.competition
  "A stand-in for Knossos' knossos.competition in Faultline's tests (Knossos itself is on Clojars, which
  this build cannot reach). `analysis` has Knossos' arities; it checks that the history has the shapes
  Knossos' code reads (knossos.history, knossos.op: a sequence of maps whose :type is a keyword, whose
  :process is what a Jepsen client or the :nemesis is, whose :f is a keyword, whose values are Clojure
  data), records the call, and answers what the test put in `answer`: a function of the call, by
  default one that says {:valid? true}."
  (:require [knossos.model]))

(def calls
  "Every call so far: {:model m, :history h, :opts o}."
  (atom []))

(def answer
  "(fn [model history opts] analysis-map), or a function that throws."
  (atom (fn [_ _ _] {:valid? true})))

(defn- clojure-data?
  "Clojure's own data, as EDN reads it: no Java collections, no foreign keyword types."
  [v]
  (cond (or (nil? v) (keyword? v) (string? v) (integer? v) (boolean? v) (float? v)) true
        (or (vector? v) (set? v) (seq? v)) (every? clojure-data? v)
        (map? v) (and (instance? clojure.lang.IPersistentMap v) (every? clojure-data? (mapcat identity v)))
        :else false))

(defn- check-shapes! [history]
  (when-not (sequential? history)
    (throw (IllegalArgumentException. (str "history is a " (class history) ", not a sequence of ops"))))
  (doseq [op history]
    (when-not (map? op)
      (throw (IllegalArgumentException. (str "op is not a map: " (pr-str op)))))
    (when-not (#{:invoke :ok :fail :info} (:type op))
      (throw (IllegalArgumentException. (str "op's :type is not a Jepsen type keyword: " (pr-str op)))))
    (when-not (or (integer? (:process op)) (= :nemesis (:process op)))
      (throw (IllegalArgumentException. (str "op's :process is neither an integer nor :nemesis: " (pr-str op)))))
    (when-not (keyword? (:f op))
      (throw (IllegalArgumentException. (str "op's :f is not a keyword: " (pr-str op)))))
    (when-not (clojure-data? op)
      (throw (IllegalArgumentException. (str "op holds something that is not Clojure data: " (pr-str op)))))))

(defn analysis
  ([model history]
   (analysis model history {}))
  ([model history opts]
   (check-shapes! history)
   (swap! calls conj {:model model, :history history, :opts opts})
   (@answer model history opts)))
