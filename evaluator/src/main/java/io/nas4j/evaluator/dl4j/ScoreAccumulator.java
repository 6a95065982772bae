package io.nas4j.evaluator.dl4j;

import io.nas4j.space.result.TestScore;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Counts correct predictions, cross-entropy and the confusion matrix over batches of predicted
 * class probabilities. The prediction is the most probable class (the first on a tie).
 */
final class ScoreAccumulator {

  private final int[][] confusion;
  private long correct;
  private double loss;
  private int images;

  ScoreAccumulator(int classes) {
    this.confusion = new int[classes][classes];
  }

  /** Adds one batch: row {@code i} of {@code probabilities} belongs to label {@code labelOf(i)}. */
  void add(float[][] probabilities, IntUnaryOperator labelOf) {
    for (int i = 0; i < probabilities.length; i++) {
      if (probabilities[i].length != confusion.length) {
        throw new IllegalArgumentException(
            "the model predicts %d classes, but the data has %d"
                .formatted(probabilities[i].length, confusion.length));
      }
      int label = labelOf.applyAsInt(i);
      int predicted = argmax(probabilities[i]);
      confusion[label][predicted]++;
      correct += predicted == label ? 1 : 0;
      loss -= Math.log(Math.max(probabilities[i][label], 1e-12));
      images++;
    }
  }

  double accuracy() {
    return (double) correct / images;
  }

  double loss() {
    return loss / images;
  }

  TestScore toTestScore(List<String> classNames) {
    return new TestScore(accuracy(), loss(), images, classNames, confusion);
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int c = 1; c < values.length; c++) {
      if (values[c] > values[best]) {
        best = c;
      }
    }
    return best;
  }
}
