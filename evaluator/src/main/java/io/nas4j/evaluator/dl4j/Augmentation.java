package io.nas4j.evaluator.dl4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Light augmentation of training images, drawn afresh for every image of every mini-batch: a random
 * shift of up to {@code shiftPixels} in each direction (uncovered pixels become black, i.e. pixel
 * value 0), when {@code horizontalFlip} is set a mirror image half of the time, and when {@code
 * cutoutPixels} is above 0, for half of the images, a black square of that side at a random centre
 * (clipped at the borders; after the shift and the flip). Validation and test images are never
 * augmented. With cutout 0 the random draws are those of shift and flip alone, so older trainings
 * replay unchanged.
 */
public record Augmentation(int shiftPixels, boolean horizontalFlip, int cutoutPixels) {

  public Augmentation {
    if (shiftPixels < 0 || shiftPixels > 8) {
      throw new IllegalArgumentException(
          "augmentation shift must be in [0, 8] pixels, but was " + shiftPixels);
    }
    if (cutoutPixels < 0 || cutoutPixels > 64) {
      throw new IllegalArgumentException(
          "augmentation cutout must be in [0, 64] pixels, but was " + cutoutPixels);
    }
  }

  /** Shifts and flips, no cutout. */
  public Augmentation(int shiftPixels, boolean horizontalFlip) {
    this(shiftPixels, horizontalFlip, 0);
  }

  public static Augmentation none() {
    return new Augmentation(0, false, 0);
  }

  /** The same shifts and flips with cutout squares of {@code pixels} (0 = none). */
  public Augmentation withCutout(int pixels) {
    return new Augmentation(shiftPixels, horizontalFlip, pixels);
  }

  public boolean active() {
    return shiftPixels > 0 || horizontalFlip || cutoutPixels > 0;
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
    if (shiftPixels > 0) {
      parts.add("shift " + shiftPixels);
    }
    if (horizontalFlip) {
      parts.add("flip");
    }
    if (cutoutPixels > 0) {
      parts.add("cutout " + cutoutPixels);
    }
    return String.join(" + ", parts);
  }
}
