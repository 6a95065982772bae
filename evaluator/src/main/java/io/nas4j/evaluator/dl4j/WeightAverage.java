package io.nas4j.evaluator.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of a network's parameters (its flattened parameter vector: weights,
 * biases and batch-norm statistics alike), as the recipe's {@code emaDecay} asks: after mini-batch
 * {@code t} (from 0), {@code average = d * average + (1 - d) * params} with {@code d = min(decay,
 * (1 + t) / (10 + t))}, starting from the parameters the training starts with. The warm-up of
 * {@code d} keeps a short training's average from being dominated by its starting weights. Not
 * thread-safe.
 */
final class WeightAverage {

  private final double decay;
  private final INDArray average;
  private long updates;

  /**
   * @param decay in (0, 1)
   * @param start the parameters before the first mini-batch (copied)
   */
  WeightAverage(double decay, INDArray start) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("decay must be in (0, 1), but was " + decay);
    }
    this.decay = decay;
    this.average = start.dup();
  }

  /** The decay the next update uses. */
  double nextDecay() {
    return Math.min(decay, (1.0 + updates) / (10.0 + updates));
  }

  /** Takes {@code params} (the network's parameters after a mini-batch) into the average. */
  void update(INDArray params) {
    double d = nextDecay();
    average.muli(d);
    Nd4j.getBlasWrapper().level1().axpy(average.length(), 1 - d, params, average);
    updates++;
  }

  /** The average itself (not a copy): read it, do not change it. */
  INDArray average() {
    return average;
  }
}
