package io.nas4j.space.arch;

/**
 * The shape of one image or one activation volume: channels x height x width. A flat feature vector
 * of n values has the shape {@code n x 1 x 1}.
 */
public record Shape(int channels, int height, int width) {

  public Shape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "shape must be >= 1 in every dimension, but was %dx%dx%d"
              .formatted(channels, height, width));
    }
  }

  public static Shape of(int channels, int height, int width) {
    return new Shape(channels, height, width);
  }

  public static Shape flat(int size) {
    return new Shape(size, 1, 1);
  }

  /**
   * Number of values: channels * height * width.
   *
   * @throws ArithmeticException if it does not fit in a long
   */
  public long size() {
    return Math.multiplyExact((long) channels * height, (long) width);
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
