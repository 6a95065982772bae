package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.SearchSpace;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Children of regularized evolution: random until the population is full, then one-gene mutants.
 */
class RegularizedEvolutionTest {

  @Test
  void childrenAreRandomUntilThePopulationIsFullThenTheBestOfASampleChangedInOneGene()
      throws Exception {
    SearchSpace space = SearchSpace.of(SearchTest.spec("regularized", 40, ""));
    RegularizedEvolution evolution = new RegularizedEvolution(space, 4, 4);
    SplittableRandom random = new SplittableRandom(1);
    Map<String, Double> fitness = new HashMap<>();
    int[] best = null;
    for (int i = 0; i < 4; i++) {
      int[] g = evolution.child(random, k -> fitness.getOrDefault(k, -1.0), x -> true);
      String key = CanonicalKey.of(space.decode(g));
      fitness.put(key, (double) i);
      evolution.add(key, g);
      best = g;
    }
    assertEquals(4, evolution.populationSize());
    // sample 4 of 4: the parent is always the best, the last added
    String parentKey = CanonicalKey.of(space.decode(best));
    for (int i = 0; i < 20; i++) {
      int[] child =
          evolution.child(
              random,
              k -> fitness.getOrDefault(k, -1.0),
              g -> space.rejection(space.decode(g)).isEmpty());
      int changed = 0;
      for (int gene = 0; gene < child.length; gene++) {
        changed += child[gene] != best[gene] ? 1 : 0;
      }
      assertEquals(1, changed, "one gene");
      assertNotEquals(parentKey, CanonicalKey.of(space.decode(child)), "a different network");
      assertTrue(space.rejection(space.decode(child)).isEmpty(), "a trainable one");
    }
    // the oldest leaves
    evolution.add("new", best);
    assertEquals(4, evolution.populationSize());
  }
}
