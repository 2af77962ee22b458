(ns knossos.model
  "A stand-in for Knossos' knossos.model in Faultline's tests (Knossos itself is on Clojars, which this
  build cannot reach). The constructors have the names, arities and records of Knossos 0.3's
  (src/knossos/model.clj): what Faultline's KnossosChecker calls. The records do not step; the
  stand-in analysis never steps them."
  (:refer-clojure :exclude [set]))

(defrecord Register [value])
(defrecord CASRegister [value])
(defrecord Mutex [locked?])
(defrecord MultiRegister [])
(defrecord SetModel [s])
(defrecord UnorderedQueue [pending])
(defrecord FIFOQueue [queue])
(defrecord Inconsistent [msg])

(defn inconsistent [msg] (->Inconsistent msg))

(defn register ([] (->Register nil)) ([x] (->Register x)))
(defn cas-register ([] (->CASRegister nil)) ([value] (->CASRegister value)))
(defn mutex [] (->Mutex false))
(defn multi-register [values] (map->MultiRegister values))
(defn set [] (->SetModel #{}))
(defn unordered-queue [] (->UnorderedQueue []))
(defn fifo-queue [] (->FIFOQueue clojure.lang.PersistentQueue/EMPTY))
