/**
 * The outcome of training one candidate: status, the per-epoch validation curve, the best epoch,
 * cost and environment. Shared by the evaluator, the search journal and the reports; no DL4J.
 */
package io.nas4j.space.result;
