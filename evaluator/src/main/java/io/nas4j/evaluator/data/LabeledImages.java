package io.nas4j.evaluator.data;

import io.nas4j.space.arch.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Images with class labels, held as unsigned bytes (0..255) in channel-major order per image
 * ({@code C x H x W}), images one after the other. Immutable by convention: the arrays are never
 * written after construction and never handed out for writing.
 */
public final class LabeledImages {

  private final Shape shape;
  private final byte[] pixels;
  private final int[] labels;
  private final List<String> classNames;

  /** Takes ownership of the arrays (callers must not keep them). */
  LabeledImages(Shape shape, byte[] pixels, int[] labels, List<String> classNames) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.classNames = List.copyOf(classNames);
    long expected = shape.size() * labels.length;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "pixels must hold %d values for %d images of %s, but held %d"
              .formatted(expected, labels.length, shape, pixels.length));
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classNames.size()) {
        throw new IllegalArgumentException(
            "label %d of image %d is outside [0, %d)".formatted(labels[i], i, classNames.size()));
      }
    }
    this.pixels = pixels;
    this.labels = labels;
  }

  /**
   * Images from arrays the caller keeps: {@code pixels} holds {@code labels.length} images of
   * {@code shape}, each {@code C x H x W} as 0..255; labels index {@code classNames}.
   */
  public static LabeledImages of(
      Shape shape, byte[] pixels, int[] labels, List<String> classNames) {
    return new LabeledImages(shape, pixels.clone(), labels.clone(), classNames);
  }

  public Shape shape() {
    return shape;
  }

  public int size() {
    return labels.length;
  }

  public int classes() {
    return classNames.size();
  }

  public List<String> classNames() {
    return classNames;
  }

  public int label(int image) {
    return labels[image];
  }

  /** Pixel {@code index} (0 .. C*H*W-1) of {@code image}, as 0..255. */
  public int pixel(int image, int index) {
    return pixels[(int) (image * shape.size()) + index] & 0xff;
  }

  /** Copies image {@code image}'s pixels into {@code out} at {@code offset}, scaled to [0, 1]. */
  public void copyScaled(int image, float[] out, int offset) {
    int n = (int) shape.size();
    int start = image * n;
    for (int i = 0; i < n; i++) {
      out[offset + i] = (pixels[start + i] & 0xff) / 255f;
    }
  }

  /** The images at {@code indices}, in that order. */
  public LabeledImages subset(int[] indices) {
    int n = (int) shape.size();
    byte[] p = new byte[indices.length * n];
    int[] l = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * n, p, i * n, n);
      l[i] = labels[indices[i]];
    }
    return new LabeledImages(shape, p, l, classNames);
  }

  /** Number of images per class. */
  public int[] classCounts() {
    int[] counts = new int[classes()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }
}
