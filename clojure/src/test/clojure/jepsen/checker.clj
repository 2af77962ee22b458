(ns jepsen.checker
  "A stand-in for Jepsen's jepsen.checker in Faultline's tests (Jepsen is on Clojars, which this build
  cannot reach): only its Checker protocol, as Jepsen 0.3 defines it.")

(defprotocol Checker
  (check [checker test history opts]
    "Verify the history is correct. Returns a map like {:valid? true}."))
