package io.nas4j.evaluator.dl4j;

import java.util.List;

/**
 * How a network did on a labelled dataset: accuracy in [0, 1], mean cross-entropy, and the
 * confusion matrix ({@code confusion[actual][predicted]} image counts) with the class names.
 */
public record TestScore(
    double accuracy, double loss, int images, List<String> classNames, int[][] confusion) {

  public TestScore {
    classNames = List.copyOf(classNames);
    int[][] copy = new int[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    confusion = copy;
  }

  @Override
  public int[][] confusion() {
    int[][] copy = new int[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  /** Per class: the share of its images predicted as that class (NaN for a class with none). */
  public double[] perClassAccuracy() {
    double[] out = new double[confusion.length];
    for (int c = 0; c < confusion.length; c++) {
      long total = 0;
      for (int n : confusion[c]) {
        total += n;
      }
      out[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
    }
    return out;
  }
}
