/**
 * The DL4J implementation of the evaluator: network building, the training loop with validation
 * early stopping, time limits and failure capture, and the process-wide ND4J set-up. The only
 * package of nas4j that imports {@code org.deeplearning4j} or {@code org.nd4j}.
 */
package io.nas4j.evaluator.dl4j;
