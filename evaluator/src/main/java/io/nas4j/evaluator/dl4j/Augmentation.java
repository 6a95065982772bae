package io.nas4j.evaluator.dl4j;

/**
 * Light augmentation of training images, drawn afresh for every image of every mini-batch: a random
 * shift of up to {@code shiftPixels} in each direction (uncovered pixels become black, i.e. pixel
 * value 0) and, when {@code horizontalFlip} is set, a mirror image half of the time. Validation and
 * test images are never augmented.
 */
public record Augmentation(int shiftPixels, boolean horizontalFlip) {

  public Augmentation {
    if (shiftPixels < 0 || shiftPixels > 8) {
      throw new IllegalArgumentException(
          "augmentation shift must be in [0, 8] pixels, but was " + shiftPixels);
    }
  }

  public static Augmentation none() {
    return new Augmentation(0, false);
  }

  public boolean active() {
    return shiftPixels > 0 || horizontalFlip;
  }

  /** As it appears in reports: {@code none}, {@code shift 2}, {@code shift 2 + flip}. */
  public String describe() {
    if (!active()) {
      return "none";
    }
    String shift = shiftPixels > 0 ? "shift " + shiftPixels : "";
    String flip = horizontalFlip ? "flip" : "";
    return shift.isEmpty() ? flip : flip.isEmpty() ? shift : shift + " + " + flip;
  }
}
