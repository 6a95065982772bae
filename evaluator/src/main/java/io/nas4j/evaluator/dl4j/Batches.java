package io.nas4j.evaluator.dl4j;

import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.space.recipe.Augmentation;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A split's images as normalised floats on the Java heap, cut into DL4J mini-batches on demand.
 * Pixels are scaled to [0, 1] and standardised with the mean and standard deviation of the training
 * images (one pair for all channels), so validation data uses the training statistics.
 */
final class Batches {

  private final float[] features;
  private final float[] oneHot;
  private final int[] labels;
  private final int imageSize;
  private final int classes;
  private final long[] imageShape;
  private final float background;

  private Batches(
      float[] features, int[] labels, int classes, LabeledImages images, float background) {
    this.features = features;
    this.background = background;
    this.labels = labels;
    this.classes = classes;
    this.imageSize = (int) images.shape().size();
    this.imageShape =
        new long[] {images.shape().channels(), images.shape().height(), images.shape().width()};
    this.oneHot = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      oneHot[i * classes + labels[i]] = 1f;
    }
  }

  /** Mean and standard deviation of the scaled pixels of {@code images}. */
  record Normalisation(float mean, float std) {
    static Normalisation of(LabeledImages images) {
      double sum = 0;
      double squares = 0;
      long n = 0;
      int size = (int) images.shape().size();
      for (int i = 0; i < images.size(); i++) {
        for (int p = 0; p < size; p++) {
          double v = images.pixel(i, p) / 255.0;
          sum += v;
          squares += v * v;
          n++;
        }
      }
      double mean = sum / n;
      double std = Math.sqrt(Math.max(squares / n - mean * mean, 1e-12));
      return new Normalisation((float) mean, (float) std);
    }
  }

  static Batches of(LabeledImages images, Normalisation norm) {
    int size = (int) images.shape().size();
    float[] features = new float[images.size() * size];
    int[] labels = new int[images.size()];
    for (int i = 0; i < images.size(); i++) {
      images.copyScaled(i, features, i * size);
      labels[i] = images.label(i);
    }
    for (int i = 0; i < features.length; i++) {
      features[i] = (features[i] - norm.mean()) / norm.std();
    }
    return new Batches(features, labels, images.classes(), images, -norm.mean() / norm.std());
  }

  int size() {
    return labels.length;
  }

  int classes() {
    return classes;
  }

  int label(int image) {
    return labels[image];
  }

  /** The images {@code order[from..to)} as one mini-batch. */
  DataSet batch(int[] order, int from, int to) {
    int n = to - from;
    float[] x = new float[n * imageSize];
    float[] y = new float[n * classes];
    for (int i = 0; i < n; i++) {
      int image = order[from + i];
      System.arraycopy(features, image * imageSize, x, i * imageSize, imageSize);
      System.arraycopy(oneHot, image * classes, y, i * classes, classes);
    }
    long[] shape = {n, imageShape[0], imageShape[1], imageShape[2]};
    return new DataSet(Nd4j.create(x, shape, 'c'), Nd4j.create(y, new long[] {n, classes}, 'c'));
  }

  /**
   * The images {@code order[from..to)} as one mini-batch, each shifted, flipped and cut out at
   * random as {@code augmentation} allows.
   */
  DataSet batch(int[] order, int from, int to, Augmentation augmentation, SplittableRandom random) {
    return batch(order, from, to, augmentation, random, 0);
  }

  /**
   * As {@link #batch(int[], int, int, Augmentation, SplittableRandom)}, with label-smoothed
   * targets: {@code 1 - smoothing + smoothing / classes} for the true class and {@code smoothing /
   * classes} for every other (0 = one-hot).
   */
  DataSet batch(
      int[] order,
      int from,
      int to,
      Augmentation augmentation,
      SplittableRandom random,
      double smoothing) {
    if (!augmentation.active()) {
      DataSet plain = batch(order, from, to);
      return smoothing == 0
          ? plain
          : new DataSet(plain.getFeatures(), smoothed(order, from, to, smoothing));
    }
    int n = to - from;
    int channels = (int) imageShape[0];
    int height = (int) imageShape[1];
    int width = (int) imageShape[2];
    int s = augmentation.shift();
    float[] x = new float[n * imageSize];
    float[] y = new float[n * classes];
    for (int i = 0; i < n; i++) {
      int image = order[from + i];
      int dy = s == 0 ? 0 : random.nextInt(2 * s + 1) - s;
      int dx = s == 0 ? 0 : random.nextInt(2 * s + 1) - s;
      boolean flip = augmentation.flip() && random.nextBoolean();
      int in = image * imageSize;
      int out = i * imageSize;
      for (int c = 0; c < channels; c++) {
        for (int r = 0; r < height; r++) {
          int sr = r + dy;
          for (int col = 0; col < width; col++) {
            int sc = (flip ? width - 1 - col : col) + dx;
            boolean inside = sr >= 0 && sr < height && sc >= 0 && sc < width;
            x[out + (c * height + r) * width + col] =
                inside ? features[in + (c * height + sr) * width + sc] : background;
          }
        }
      }
      int k = augmentation.cutout();
      if (k > 0 && random.nextBoolean()) {
        int top = random.nextInt(height) - k / 2;
        int left = random.nextInt(width) - k / 2;
        for (int c = 0; c < channels; c++) {
          for (int r = Math.max(0, top); r < Math.min(height, top + k); r++) {
            int row = out + (c * height + r) * width;
            Arrays.fill(x, row + Math.max(0, left), row + Math.min(width, left + k), background);
          }
        }
      }
      System.arraycopy(oneHot, image * classes, y, i * classes, classes);
    }
    long[] shape = {n, channels, height, width};
    INDArray targets =
        smoothing == 0
            ? Nd4j.create(y, new long[] {n, classes}, 'c')
            : smoothed(order, from, to, smoothing);
    return new DataSet(Nd4j.create(x, shape, 'c'), targets);
  }

  private INDArray smoothed(int[] order, int from, int to, double smoothing) {
    int n = to - from;
    float off = (float) (smoothing / classes);
    float on = (float) (1 - smoothing) + off;
    float[] y = new float[n * classes];
    Arrays.fill(y, off);
    for (int i = 0; i < n; i++) {
      y[i * classes + labels[order[from + i]]] = on;
    }
    return Nd4j.create(y, new long[] {n, classes}, 'c');
  }

  /** The order 0, 1, ..., size-1. */
  int[] storedOrder() {
    int[] order = new int[labels.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    return order;
  }
}
