/**
 * What a final training measured: {@link io.nas4j.space.training.TrainingReport} and its JSON form
 * {@code metrics.json} ({@link io.nas4j.space.training.TrainingReportCodec}, versioned). Reports
 * read these to show test accuracies next to the search's figures. Immutable.
 */
package io.nas4j.space.training;
