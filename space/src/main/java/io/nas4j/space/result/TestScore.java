package io.nas4j.space.result;

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

  /** Equal when every field is, the confusion matrix compared by value. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TestScore t
        && Double.compare(accuracy, t.accuracy) == 0
        && Double.compare(loss, t.loss) == 0
        && images == t.images
        && classNames.equals(t.classNames)
        && java.util.Arrays.deepEquals(confusion, t.confusion);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(accuracy, loss, images, classNames)
        + 31 * java.util.Arrays.deepHashCode(confusion);
  }

  @Override
  public String toString() {
    return "TestScore[accuracy=%s, loss=%s, images=%d, confusion=%s]"
        .formatted(accuracy, loss, images, java.util.Arrays.deepToString(confusion));
  }
}
