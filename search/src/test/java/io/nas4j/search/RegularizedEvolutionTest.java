package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.spec.Rungs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

  /**
   * With depth niches, a group whose members all score below another group's still breeds: the
   * tournament is drawn within one group, a group picked at random; without niches the best member
   * of the whole population is every child's parent.
   */
  @Test
  void nichesLetEachDepthGroupBreedWhateverTheOtherGroupsScore() throws Exception {
    SearchSpace space = SearchSpace.of(SearchTest.spec("regularized", 40, ""));
    List<int[]> shallow = new ArrayList<>();
    List<int[]> deep = new ArrayList<>();
    SplittableRandom draw = new SplittableRandom(3);
    while (shallow.size() < 4 || deep.size() < 4) {
      int[] g = space.randomGenotype(draw);
      if (space.rejection(space.decode(g)).isPresent()) {
        continue;
      }
      int group = Rungs.Peers.DEPTH.group(space.decode(g));
      List<int[]> into = group == 1 ? shallow : group == 3 ? deep : null;
      if (into != null && into.size() < 4) {
        into.add(g);
      }
    }
    Map<String, Double> fitness = new HashMap<>();
    // chains only: depth-kind groups as depth (depth-type: the test below)
    for (Rungs.Peers niches : List.of(Rungs.Peers.ALL, Rungs.Peers.DEPTH, Rungs.Peers.DEPTH_KIND)) {
      RegularizedEvolution evolution = new RegularizedEvolution(space, 8, 8, niches);
      for (int i = 0; i < 4; i++) {
        // every shallow member beats every deep one; the last added of each group is its best
        for (int[] g : List.of(shallow.get(i), deep.get(i))) {
          String key = CanonicalKey.of(space.decode(g));
          fitness.put(key, (g == shallow.get(i) ? 1 : 0.5) + i / 100.0);
          evolution.add(key, g);
        }
      }
      int fromShallow = 0;
      int fromDeep = 0;
      SplittableRandom random = new SplittableRandom(5);
      for (int i = 0; i < 40; i++) {
        int[] child = evolution.child(random, k -> fitness.getOrDefault(k, -1.0), x -> true);
        fromShallow += distance(child, shallow.get(3)) == 1 ? 1 : 0;
        fromDeep += distance(child, deep.get(3)) == 1 ? 1 : 0;
      }
      if (niches == Rungs.Peers.ALL) {
        assertEquals(List.of(40, 0), List.of(fromShallow, fromDeep), "the best is every parent");
      } else {
        assertEquals(40, fromShallow + fromDeep, "each child is a mutant of its group's best");
        assertTrue(fromDeep >= 12 && fromShallow >= 12, fromShallow + " / " + fromDeep);
      }
      // five more shallow members: without niches the oldest leave (the deep ones with them),
      // with niches the oldest of the largest niche (shallow ones only)
      for (int i = 0; i < 5; i++) {
        evolution.add("more" + i, shallow.get(i % 4));
      }
      assertEquals(8, evolution.populationSize());
      int deepLeft = 0;
      for (int i = 0; i < 40; i++) {
        int[] child = evolution.child(random, k -> fitness.getOrDefault(k, -1.0), x -> true);
        deepLeft += distance(child, deep.get(3)) == 1 ? 1 : 0;
      }
      assertTrue(niches == Rungs.Peers.ALL ? deepLeft == 0 : deepLeft >= 12, "" + deepLeft);
    }
  }

  /**
   * With {@code depth-type} niches, mostly standard nets keep breeding beside mostly separable ones
   * of their depth group that all score above them; with {@code depth} niches they share the
   * group's tournaments and the best separable net is every child's parent.
   */
  @Test
  void typeNichesLetStandardNetsBreedBesideBetterSeparableOnesOfTheirDepth() throws Exception {
    SearchSpace space = SearchSpace.of(SearchTest.spec("regularized", 40, ""));
    List<int[]> standard = new ArrayList<>();
    List<int[]> separable = new ArrayList<>();
    SplittableRandom draw = new SplittableRandom(3);
    while (standard.size() < 4 || separable.size() < 4) {
      int[] g = space.randomGenotype(draw);
      Architecture a = space.decode(g);
      if (space.rejection(a).isPresent() || Rungs.Peers.DEPTH.group(a) != 2) {
        continue;
      }
      List<int[]> into = a.mostlySeparable() ? separable : standard;
      if (into.size() < 4) {
        into.add(g);
      }
    }
    Map<String, Double> fitness = new HashMap<>();
    for (Rungs.Peers niches : List.of(Rungs.Peers.DEPTH, Rungs.Peers.DEPTH_TYPE)) {
      RegularizedEvolution evolution = new RegularizedEvolution(space, 8, 8, niches);
      for (int i = 0; i < 4; i++) {
        for (int[] g : List.of(standard.get(i), separable.get(i))) {
          String key = CanonicalKey.of(space.decode(g));
          fitness.put(key, (g == separable.get(i) ? 1 : 0.5) + i / 100.0);
          evolution.add(key, g);
        }
      }
      int fromStandard = 0;
      int fromSeparable = 0;
      SplittableRandom random = new SplittableRandom(5);
      for (int i = 0; i < 40; i++) {
        int[] child = evolution.child(random, k -> fitness.getOrDefault(k, -1.0), x -> true);
        fromStandard += distance(child, standard.get(3)) == 1 ? 1 : 0;
        fromSeparable += distance(child, separable.get(3)) == 1 ? 1 : 0;
      }
      if (niches == Rungs.Peers.DEPTH) {
        assertEquals(List.of(0, 40), List.of(fromStandard, fromSeparable), "one niche, one best");
      } else {
        assertEquals(
            40, fromStandard + fromSeparable, "each child is a mutant of its niche's best");
        assertTrue(fromStandard >= 12 && fromSeparable >= 12, fromStandard + " / " + fromSeparable);
      }
    }
  }

  private static int distance(int[] a, int[] b) {
    int d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] != b[i] ? 1 : 0;
    }
    return d;
  }
}
