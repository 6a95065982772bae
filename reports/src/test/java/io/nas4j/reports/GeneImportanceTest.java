package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.spec.SpecReader;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneImportanceTest {

  @Test
  void etaSquaredByHand() {
    // mean 3.5; between 3 * 1.5^2 * 2 = 13.5; total 6.25 + 2.25 + 0.25 + 0.25 + 2.25 + 6.25 = 17.5
    assertEquals(
        13.5 / 17.5,
        GeneImportance.etaSquared(Map.of(0, List.of(1.0, 2.0, 3.0), 1, List.of(4.0, 5.0, 6.0))),
        1e-12);
    assertEquals(0, GeneImportance.etaSquared(Map.of(0, List.of(1.0), 1, List.of(1.0))));
  }

  @Test
  void onlyGenesThatChangeTheNetworkAreActive() {
    SearchSpace space = SearchSpace.of(SpecReader.defaultSpec());
    int[] genotype = new int[space.genes().size()]; // one block, no pooling
    String key = CanonicalKey.of(space.decode(genotype));
    assertTrue(GeneImportance.active(space, genotype, 2, key), "block0.kernel");
    assertFalse(GeneImportance.active(space, genotype, 1 + 12 + 1, key), "block1.kernel");
    assertFalse(GeneImportance.active(space, genotype, 11, key), "block0.poolSize without a pool");
  }

  @Test
  void bootstrapBandHoldsTheEstimateAndNarrowsWithAClearEffect() {
    List<Integer> choices = List.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
    List<Double> clear =
        List.of(0.80, 0.81, 0.80, 0.82, 0.81, 0.80, 0.90, 0.91, 0.90, 0.92, 0.91, 0.90);
    double[] band = GeneImportance.bootstrap(choices, clear, new SplittableRandom(7));
    double eta = GeneImportance.etaSquared(Map.of(0, clear.subList(0, 6), 1, clear.subList(6, 12)));
    assertTrue(
        band[0] > 0.8 && band[0] <= eta && eta <= band[1], band[0] + " " + eta + " " + band[1]);
    List<Double> noise =
        List.of(0.80, 0.90, 0.85, 0.82, 0.88, 0.84, 0.81, 0.89, 0.86, 0.83, 0.87, 0.85);
    double[] wide = GeneImportance.bootstrap(choices, noise, new SplittableRandom(7));
    assertTrue(wide[0] < 0.05 && wide[1] - wide[0] > 0.2, wide[0] + " " + wide[1]);
    double[] again = GeneImportance.bootstrap(choices, noise, new SplittableRandom(7));
    assertEquals(wide[0], again[0]);
    assertEquals(wide[1], again[1]);
  }
}
