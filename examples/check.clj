(require '[faultline.knossos :refer [analysis cas-register read-history]])
(def history (read-history (first *command-line-args*)))
(println (:valid? (analysis (cas-register 0) history)))
