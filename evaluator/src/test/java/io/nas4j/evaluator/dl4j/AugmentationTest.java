package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.space.arch.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {

  /** One 2 x 3 x 4 image with distinct pixels 1..24, and its normalised values. */
  private static final Shape SHAPE = Shape.of(2, 3, 4);

  private static Batches batches() {
    byte[] pixels = new byte[24];
    for (int i = 0; i < 24; i++) {
      pixels[i] = (byte) (10 * (i + 1));
    }
    LabeledImages images = LabeledImages.of(SHAPE, pixels, new int[] {1}, List.of("a", "b"));
    return Batches.of(images, new Batches.Normalisation(0.5f, 0.25f));
  }

  private static float[] image(Batches b, Augmentation a, SplittableRandom random) {
    return b.batch(new int[] {0}, 0, 1, a, random).getFeatures().ravel().toFloatVector();
  }

  /** What shifting by (dy, dx) after an optional mirror must give, with 0-pixels outside. */
  private static float[] expected(float[] plain, int dy, int dx, boolean flip) {
    float background = (0 - 0.5f) / 0.25f;
    float[] out = new float[plain.length];
    for (int c = 0; c < 2; c++) {
      for (int r = 0; r < 3; r++) {
        for (int col = 0; col < 4; col++) {
          int sr = r + dy;
          int sc = (flip ? 3 - col : col) + dx;
          boolean inside = sr >= 0 && sr < 3 && sc >= 0 && sc < 4;
          out[(c * 3 + r) * 4 + col] = inside ? plain[(c * 3 + sr) * 4 + sc] : background;
        }
      }
    }
    return out;
  }

  @Test
  void noAugmentationLeavesImagesAlone() {
    Batches b = batches();
    float[] plain = b.batch(new int[] {0}, 0, 1).getFeatures().ravel().toFloatVector();
    assertArrayEquals(plain, image(b, Augmentation.none(), new SplittableRandom(1)));
    assertEquals((10 / 255f - 0.5f) / 0.25f, plain[0], 1e-6);
  }

  /**
   * Every augmented image is the original shifted by at most one pixel each way (and mirrored when
   * flips are on), and 300 draws produce all 9 shifts, or all 18 shift-flip combinations.
   */
  @Test
  void shiftsAndFlipsStayWithinTheirRangeAndCoverIt() {
    Batches b = batches();
    float[] plain = b.batch(new int[] {0}, 0, 1).getFeatures().ravel().toFloatVector();
    for (boolean flips : new boolean[] {false, true}) {
      Augmentation augmentation = new Augmentation(1, flips);
      SplittableRandom random = new SplittableRandom(3);
      Set<String> seen = new HashSet<>();
      for (int draw = 0; draw < 300; draw++) {
        float[] image = image(b, augmentation, random);
        String match = null;
        for (int dy = -1; dy <= 1 && match == null; dy++) {
          for (int dx = -1; dx <= 1 && match == null; dx++) {
            for (boolean flip : flips ? new boolean[] {false, true} : new boolean[] {false}) {
              if (java.util.Arrays.equals(image, expected(plain, dy, dx, flip))) {
                match = dy + "," + dx + "," + flip;
                break;
              }
            }
          }
        }
        assertTrue(match != null, "draw " + draw + " is not a 1-pixel shift");
        seen.add(match);
      }
      assertEquals(flips ? 18 : 9, seen.size(), "variants seen: " + seen);
    }
  }

  @Test
  void describesItselfAndChecksTheShift() {
    assertEquals("none", Augmentation.none().describe());
    assertEquals("shift 2 + flip", new Augmentation(2, true).describe());
    assertEquals("flip", new Augmentation(0, true).describe());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(9, false));
    assertEquals("augmentation shift must be in [0, 8] pixels, but was 9", e.getMessage());
  }
}
