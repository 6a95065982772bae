package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.recipe.Augmentation;
import java.util.Arrays;
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
      Augmentation augmentation = Augmentation.of(1, flips, 0);
      SplittableRandom random = new SplittableRandom(3);
      Set<String> seen = new HashSet<>();
      for (int draw = 0; draw < 300; draw++) {
        float[] image = image(b, augmentation, random);
        String match = null;
        for (int dy = -1; dy <= 1 && match == null; dy++) {
          for (int dx = -1; dx <= 1 && match == null; dx++) {
            for (boolean flip : flips ? new boolean[] {false, true} : new boolean[] {false}) {
              if (Arrays.equals(image, expected(plain, dy, dx, flip))) {
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

  /**
   * With cutout k on a 3 x 4 image (no shift, no flip), each draw is the original or the original
   * with one clipped k x k square blackened in both channels; about half the draws are cut, and the
   * cut squares take many places.
   */
  @Test
  void cutoutBlackensOneClippedSquareInHalfTheImages() {
    Batches b = batches();
    float background = (0 - 0.5f) / 0.25f;
    float[] plain = b.batch(new int[] {0}, 0, 1).getFeatures().ravel().toFloatVector();
    SplittableRandom random = new SplittableRandom(5);
    int cut = 0;
    Set<String> squares = new HashSet<>();
    for (int draw = 0; draw < 400; draw++) {
      float[] image = image(b, Augmentation.of(0, false, 2), random);
      if (Arrays.equals(image, plain)) {
        continue;
      }
      cut++;
      String match = null;
      for (int top = -1; top < 3 && match == null; top++) {
        for (int left = -1; left < 4 && match == null; left++) {
          float[] expected = plain.clone();
          for (int c = 0; c < 2; c++) {
            for (int r = Math.max(0, top); r < Math.min(3, top + 2); r++) {
              for (int col = Math.max(0, left); col < Math.min(4, left + 2); col++) {
                expected[(c * 3 + r) * 4 + col] = background;
              }
            }
          }
          if (Arrays.equals(image, expected)) {
            match = top + "," + left;
          }
        }
      }
      assertTrue(match != null, "draw " + draw + " is not one 2 x 2 cutout");
      squares.add(match);
    }
    assertTrue(cut > 160 && cut < 240, cut + " of 400 draws cut");
    assertEquals(12, squares.size(), "squares seen: " + squares);
  }

  /** Label smoothing 0.1 with 2 classes: 0.95 for the true class, 0.05 for the other. */
  @Test
  void labelSmoothingSoftensTheTrainingTargets() {
    Batches b = batches();
    float[] oneHot =
        b.batch(new int[] {0}, 0, 1, Augmentation.none(), new SplittableRandom(1), 0)
            .getLabels()
            .ravel()
            .toFloatVector();
    assertArrayEquals(new float[] {0, 1}, oneHot);
    for (Augmentation a : List.of(Augmentation.none(), Augmentation.of(1, true, 2))) {
      float[] smoothed =
          b.batch(new int[] {0}, 0, 1, a, new SplittableRandom(1), 0.1)
              .getLabels()
              .ravel()
              .toFloatVector();
      assertArrayEquals(new float[] {0.05f, 0.95f}, smoothed, 1e-6f);
    }
  }

  @Test
  void describesItselfAndChecksItsRanges() {
    assertEquals("none", Augmentation.none().describe());
    assertEquals("shift 2 + flip", Augmentation.of(2, true, 0).describe());
    assertEquals("flip", Augmentation.of(0, true, 0).describe());
    assertEquals("shift 2 + flip + cutout 8", Augmentation.of(2, true, 0).withCutout(8).describe());
    assertEquals("cutout 8", Augmentation.of(0, false, 8).describe());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Augmentation.of(9, false, 0));
    assertEquals("augmentation.shift must be in [0, 8] pixels, but was 9", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Augmentation.of(2, false, -1));
    assertEquals("augmentation.cutout must be in [0, 64] pixels, but was -1", e.getMessage());
  }
}
