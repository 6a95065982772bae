/**
 * Final training of searched architectures, the way a Java user or {@code nas train} calls it:
 * {@link io.nas4j.train.SearchRun} opens a run and picks architectures from its ranking, {@link
 * io.nas4j.train.FinalTraining} trains them (several seeds, several at once, an ensemble, flip
 * test-time augmentation), saves the models and writes a {@link
 * io.nas4j.space.training.TrainingReport}, telling a {@link io.nas4j.train.TrainingListener} as it
 * goes. Nothing here imports DL4J: the backend is an {@link io.nas4j.evaluator.ModelTrainer}
 * (enforced by the build).
 */
package io.nas4j.train;
