package io.nas4j.evaluator.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded, stratified subsets: every class keeps its share of the data (largest remainders decide
 * the last images), so a 2,000-image validation split of Fashion-MNIST has 200 per class.
 */
public final class Splits {

  private Splits() {}

  /** A training subset and a disjoint validation subset, both drawn from {@code data}. */
  public record Split(LabeledImages train, LabeledImages validation) {}

  public static Split trainValidation(LabeledImages data, int trainSize, int valSize, long seed)
      throws DatasetException {
    if ((long) trainSize + valSize > data.size()) {
      throw new DatasetException(
          "budget.trainSize + budget.valSize must be <= the %d training images, but was %d + %d"
              .formatted(data.size(), trainSize, valSize));
    }
    List<int[]> byClass = shuffledByClass(data, seed);
    int[] valCounts = allocate(data.classCounts(), valSize);
    int[] rest = data.classCounts().clone();
    for (int c = 0; c < rest.length; c++) {
      rest[c] -= valCounts[c];
    }
    int[] trainCounts = allocate(rest, trainSize);
    int[] val = new int[valSize];
    int[] train = new int[trainSize];
    int v = 0;
    int t = 0;
    for (int c = 0; c < byClass.size(); c++) {
      int[] indices = byClass.get(c);
      for (int i = 0; i < valCounts[c]; i++) {
        val[v++] = indices[i];
      }
      for (int i = 0; i < trainCounts[c]; i++) {
        train[t++] = indices[valCounts[c] + i];
      }
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    shuffle(val, random);
    shuffle(train, random);
    return new Split(data.subset(train), data.subset(val));
  }

  /** A stratified subset of {@code size} images (e.g. a smaller test set). */
  public static LabeledImages subset(LabeledImages data, int size, long seed)
      throws DatasetException {
    return trainValidation(data, size, 0, seed).train();
  }

  private static List<int[]> shuffledByClass(LabeledImages data, long seed) {
    int[] counts = data.classCounts();
    List<int[]> byClass = new ArrayList<>();
    for (int count : counts) {
      byClass.add(new int[count]);
    }
    int[] filled = new int[counts.length];
    for (int i = 0; i < data.size(); i++) {
      int label = data.label(i);
      byClass.get(label)[filled[label]++] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int[] indices : byClass) {
      shuffle(indices, random);
    }
    return byClass;
  }

  /** Splits {@code total} over classes in proportion to {@code available}, by largest remainder. */
  static int[] allocate(int[] available, int total) {
    long sum = Arrays.stream(available).asLongStream().sum();
    int[] counts = new int[available.length];
    double[] remainders = new double[available.length];
    int assigned = 0;
    for (int c = 0; c < available.length; c++) {
      double exact = sum == 0 ? 0 : (double) total * available[c] / sum;
      counts[c] = (int) Math.floor(exact);
      remainders[c] = exact - counts[c];
      assigned += counts[c];
    }
    while (assigned < total) {
      int best = -1;
      for (int c = 0; c < available.length; c++) {
        if (counts[c] < available[c] && (best < 0 || remainders[c] > remainders[best])) {
          best = c;
        }
      }
      counts[best]++;
      remainders[best] = -1;
      assigned++;
    }
    return counts;
  }

  /** Shuffles {@code values} in place (Fisher-Yates). */
  public static void shuffle(int[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
  }
}
