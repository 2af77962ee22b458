/** Workloads every target's suite can run: generators that make an anomaly show in the history. */
package io.faultline.suites.workload;
