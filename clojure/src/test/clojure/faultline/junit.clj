(ns faultline.junit
  "Runs clojure.test vars one at a time for JUnit (see ClojureTests), collecting what failed rather
  than printing it."
  (:require [clojure.test :as t]))

(defn test-vars
  "The test vars of the namespace named `ns-name`, in the order they are defined."
  [ns-name]
  (require (symbol ns-name))
  (->> (ns-interns (symbol ns-name))
       vals
       (filter (comp :test meta))
       (sort-by (comp :line meta))
       vec))

(defn- describe [{:keys [type message expected actual] :as m}]
  (str (if (= :error type) "ERROR" "FAIL")
       (when-let [contexts (seq t/*testing-contexts*)] (str " in " (apply str (interpose " " (reverse contexts)))))
       (when message (str ": " message))
       "\n  expected: " (pr-str expected)
       "\n    actual: " (if (instance? Throwable actual) (str actual) (pr-str actual))))

(defn run
  "Runs one test var; returns its failures and errors, each {:text ... :throwable ...}."
  [v]
  (let [problems (atom [])]
    (binding [t/report (fn [m]
                         (when (#{:fail :error} (:type m))
                           (swap! problems conj {:text (describe m)
                                                 :throwable (when (instance? Throwable (:actual m)) (:actual m))})))]
      (t/test-vars [v]))
    @problems))
