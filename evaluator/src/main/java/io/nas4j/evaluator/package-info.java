/**
 * The evaluator's contract: a {@link io.nas4j.evaluator.Candidate} goes in, an {@link
 * io.nas4j.space.result.EvaluationResult} comes out, and a {@link io.nas4j.evaluator.PruningHook}
 * may stop it after any epoch. Nothing in this package touches DL4J; {@code dl4j} implements it.
 */
package io.nas4j.evaluator;
