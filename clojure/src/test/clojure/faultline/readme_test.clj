(ns faultline.readme-test
  "README.md's Jepsen checker, evaluated against a stand-in for jepsen.checker's Checker protocol
  (src/test/clojure/jepsen/checker.clj: Jepsen is on Clojars, out of this build's reach), wraps
  faultline.knossos/analysis as it says."
  (:require [clojure.java.io :as io]
            [clojure.test :refer [deftest is]]
            [faultline.knossos :as fk]))

(defn- readme-block
  "The ```clojure block of README.md that contains `text`."
  [text]
  (let [readme (slurp (io/file (System/getProperty "faultline.root" "..") "README.md"))]
    (some #(when (.contains ^String % text) %) (map second (re-seq #"(?s)```clojure\n(.*?)```" readme)))))

(deftest the-jepsen-checker-in-the-readme-wraps-analysis
  (let [code (readme-block "reify checker/Checker")
        user-ns (create-ns 'faultline.readme-test.user)]
    (is (some? code) "README.md has a Jepsen checker")
    (is (<= (count (re-seq #"\n" code)) 6) "five lines, and a require")
    (binding [*ns* user-ns]
      (refer-clojure)
      (eval (read-string (str "(do " code ")")))
      (let [linearizable (ns-resolve user-ns 'linearizable)
            check (ns-resolve 'jepsen.checker 'check)
            history [{:process 0 :type :invoke :f :write :value 1} {:process 0 :type :ok :f :write :value 1}
                     {:process 1 :type :invoke :f :read :value nil} {:process 1 :type :ok :f :read :value 0}]
            c (linearizable {:model (fk/cas-register 0)})]
        (is (= (fk/analysis (fk/cas-register 0) history) (check c {} history {})))
        (is (= false (:valid? (check c {} history {}))))
        (is (= true (:valid? (check (linearizable {:model (fk/cas-register 0) :time-limit 10000}) {} (take 2 history) {}))))))))
