package io.nas4j.space.spec;

import io.nas4j.space.arch.Optimizer;
import java.util.List;

/** The choices for the training hyperparameters each candidate carries. */
public record TrainingSpace(
    List<Double> learningRate, List<Integer> batchSize, List<Optimizer> optimizer) {

  public TrainingSpace {
    learningRate = List.copyOf(learningRate);
    batchSize = List.copyOf(batchSize);
    optimizer = List.copyOf(optimizer);
  }
}
