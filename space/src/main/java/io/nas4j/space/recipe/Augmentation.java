package io.nas4j.space.recipe;

import io.nas4j.space.InvalidFieldException;
import java.util.ArrayList;
import java.util.List;

/**
 * Light augmentation of training images, drawn afresh for every image of every mini-batch: a random
 * shift of up to {@code shift} pixels in each direction (uncovered pixels become black, i.e. pixel
 * value 0), when {@code flip} is set a mirror image half of the time, and when {@code cutout} is
 * above 0, for half of the images, a black square of that side at a random centre (clipped at the
 * borders; after the shift and the flip). Validation and test images are never augmented. With
 * cutout 0 the random draws are those of shift and flip alone, so older trainings replay unchanged.
 */
public record Augmentation(int shift, boolean flip, int cutout) {

  public static final int MAX_SHIFT = 8;
  public static final int MAX_CUTOUT = 64;

  public Augmentation {
    if (shift < 0 || shift > MAX_SHIFT) {
      throw new InvalidFieldException(
          "augmentation.shift",
          "must be in [0, %d] pixels, but was %d".formatted(MAX_SHIFT, shift));
    }
    if (cutout < 0 || cutout > MAX_CUTOUT) {
      throw new InvalidFieldException(
          "augmentation.cutout",
          "must be in [0, %d] pixels, but was %d".formatted(MAX_CUTOUT, cutout));
    }
  }

  public static Augmentation none() {
    return new Augmentation(0, false, 0);
  }

  public static Augmentation of(int shift, boolean flip, int cutout) {
    return new Augmentation(shift, flip, cutout);
  }

  public Augmentation withShift(int pixels) {
    return new Augmentation(pixels, flip, cutout);
  }

  public Augmentation withFlip(boolean mirror) {
    return new Augmentation(shift, mirror, cutout);
  }

  public Augmentation withCutout(int pixels) {
    return new Augmentation(shift, flip, pixels);
  }

  public boolean active() {
    return shift > 0 || flip || cutout > 0;
  }

  /**
   * As it appears in reports: {@code none}, {@code shift 2}, {@code shift 2 + flip}, {@code shift 2
   * + flip + cutout 8}.
   */
  public String describe() {
    if (!active()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    if (shift > 0) {
      parts.add("shift " + shift);
    }
    if (flip) {
      parts.add("flip");
    }
    if (cutout > 0) {
      parts.add("cutout " + cutout);
    }
    return String.join(" + ", parts);
  }
}
