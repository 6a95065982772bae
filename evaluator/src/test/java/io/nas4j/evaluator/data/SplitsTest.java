package io.nas4j.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nas4j.space.arch.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

  /** 1000 1x1x2 images; class c has 100*(c+1) images (100, 200, 300, 400); pixels encode the id. */
  static LabeledImages data() {
    int n = 1000;
    byte[] pixels = new byte[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      pixels[2 * i] = (byte) (i % 256);
      pixels[2 * i + 1] = (byte) (i / 256);
      labels[i] = i < 100 ? 0 : i < 300 ? 1 : i < 600 ? 2 : 3;
    }
    return new LabeledImages(Shape.of(1, 1, 2), pixels, labels, List.of("a", "b", "c", "d"));
  }

  private static Set<Integer> ids(LabeledImages images) {
    Set<Integer> ids = new HashSet<>();
    for (int i = 0; i < images.size(); i++) {
      ids.add(images.pixel(i, 0) + 256 * images.pixel(i, 1));
    }
    return ids;
  }

  @Test
  void splitsAreStratifiedAndDisjoint() throws Exception {
    Splits.Split split = Splits.trainValidation(data(), 500, 100, 3);
    assertArrayEquals(new int[] {10, 20, 30, 40}, split.validation().classCounts());
    assertArrayEquals(new int[] {50, 100, 150, 200}, split.train().classCounts());
    Set<Integer> train = ids(split.train());
    Set<Integer> val = ids(split.validation());
    assertEquals(500, train.size());
    assertEquals(100, val.size());
    train.retainAll(val);
    assertEquals(Set.of(), train);
  }

  @Test
  void sameSeedSameSplitOtherSeedOther() throws Exception {
    assertEquals(
        ids(Splits.trainValidation(data(), 200, 50, 9).validation()),
        ids(Splits.trainValidation(data(), 200, 50, 9).validation()));
    assertNotEquals(
        ids(Splits.trainValidation(data(), 200, 50, 9).validation()),
        ids(Splits.trainValidation(data(), 200, 50, 10).validation()));
  }

  @Test
  void largestRemainderFillsOddSizes() {
    assertArrayEquals(new int[] {1, 2, 3, 4}, Splits.allocate(new int[] {100, 200, 300, 400}, 10));
    assertArrayEquals(new int[] {1, 1, 1}, Splits.allocate(new int[] {5, 5, 5}, 3));
    assertEquals(7, java.util.Arrays.stream(Splits.allocate(new int[] {3, 3, 3}, 7)).sum());
  }

  @Test
  void tooLargeASplitNamesTheBudgetKeys() {
    DatasetException e =
        assertThrows(DatasetException.class, () -> Splits.trainValidation(data(), 950, 100, 1));
    assertEquals(
        "budget.trainSize + budget.valSize must be <= the 1000 training images, but was 950 + 100",
        e.getMessage());
  }
}
