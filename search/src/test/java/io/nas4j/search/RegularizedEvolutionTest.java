package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.spec.EvolutionStart;
import io.nas4j.space.spec.NicheShare;
import io.nas4j.space.spec.Rungs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
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
      int[] g = evolution.child(random, i, k -> fitness.getOrDefault(k, -1.0), x -> true);
      String key = CanonicalKey.of(space.decode(g));
      fitness.put(key, (double) i);
      evolution.add(key, g, 0);
      best = g;
    }
    assertEquals(4, evolution.populationSize());
    // sample 4 of 4: the parent is always the best, the last added
    String parentKey = CanonicalKey.of(space.decode(best));
    for (int i = 0; i < 20; i++) {
      int[] child =
          evolution.child(
              random,
              4 + i,
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
    evolution.add("new", best, 0);
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
    List<List<int[]>> drawn =
        draw(space, a -> Rungs.Peers.DEPTH.group(a) == 3, a -> Rungs.Peers.DEPTH.group(a) == 1);
    List<int[]> deep = drawn.get(0);
    List<int[]> shallow = drawn.get(1);
    // chains only: depth-kind groups as depth (depth-type: the test below)
    for (Rungs.Peers niches : List.of(Rungs.Peers.ALL, Rungs.Peers.DEPTH, Rungs.Peers.DEPTH_KIND)) {
      Map<String, Double> fitness = new HashMap<>();
      RegularizedEvolution evolution = population(space, niches, deep, shallow, fitness);
      SplittableRandom random = new SplittableRandom(5);
      List<Integer> parents = parents(evolution, random, fitness, deep.get(3), shallow.get(3));
      if (niches == Rungs.Peers.ALL) {
        assertEquals(List.of(0, 40), parents, "the best is every parent");
      } else {
        assertEquals(
            40, parents.get(0) + parents.get(1), "each child is a mutant of its group's best");
        assertTrue(parents.get(0) >= 12 && parents.get(1) >= 12, "deep / shallow: " + parents);
      }
      // five more shallow members: without niches the oldest leave (the deep ones with them),
      // with niches the oldest of the largest niche (shallow ones only)
      for (int i = 0; i < 5; i++) {
        evolution.add("more" + i, shallow.get(i % 4), 0);
      }
      assertEquals(8, evolution.populationSize());
      int deepLeft = parents(evolution, random, fitness, deep.get(3), shallow.get(3)).get(0);
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
    List<List<int[]>> drawn =
        draw(
            space,
            a -> Rungs.Peers.DEPTH.group(a) == 2 && !a.mostlySeparable(),
            a -> Rungs.Peers.DEPTH.group(a) == 2 && a.mostlySeparable());
    List<int[]> standard = drawn.get(0);
    List<int[]> separable = drawn.get(1);
    for (Rungs.Peers niches : List.of(Rungs.Peers.DEPTH, Rungs.Peers.DEPTH_TYPE)) {
      Map<String, Double> fitness = new HashMap<>();
      RegularizedEvolution evolution = population(space, niches, standard, separable, fitness);
      List<Integer> parents =
          parents(evolution, new SplittableRandom(5), fitness, standard.get(3), separable.get(3));
      if (niches == Rungs.Peers.DEPTH) {
        assertEquals(List.of(0, 40), parents, "one niche, one best");
      } else {
        assertEquals(
            40, parents.get(0) + parents.get(1), "each child is a mutant of its niche's best");
        assertTrue(
            parents.get(0) >= 12 && parents.get(1) >= 12, "standard / separable: " + parents);
      }
    }
  }

  /**
   * Sharing time, a niche whose candidates train five times slower than another's breeds about a
   * fifth as many children (sharing children: about as many); a promotion's seconds count against
   * its niche's candidates, so once the fast niche's nets have spent long at higher rungs the other
   * niche breeds more.
   */
  @Test
  void aTimeShareBreedsEachNicheInProportionToItsTrainingSpeed() throws Exception {
    SearchSpace space = SearchSpace.of(SearchTest.spec("regularized", 40, ""));
    List<List<int[]>> drawn =
        draw(space, a -> Rungs.Peers.DEPTH.group(a) == 3, a -> Rungs.Peers.DEPTH.group(a) == 1);
    List<int[]> slow = drawn.get(0);
    List<int[]> fast = drawn.get(1);
    for (NicheShare share : NicheShare.values()) {
      Map<String, Double> fitness = new HashMap<>();
      RegularizedEvolution evolution =
          population(space, Rungs.Peers.DEPTH, share, slow, fast, fitness, 50, 10);
      SplittableRandom random = new SplittableRandom(5);
      List<Integer> parents = parents(evolution, random, fitness, slow.get(3), fast.get(3));
      assertEquals(
          40, parents.get(0) + parents.get(1), "each child is a mutant of its niche's best");
      if (share == NicheShare.CHILDREN) {
        assertTrue(parents.get(0) >= 12 && parents.get(1) >= 12, "slow / fast: " + parents);
        continue;
      }
      assertTrue(parents.get(0) <= 12 && parents.get(1) >= 28, "slow / fast: " + parents);
      // the fast niche's first net promoted for 760 s: its 4 nets now cost 200 s each on average
      evolution.spent(CanonicalKey.of(space.decode(fast.get(0))), 760);
      parents = parents(evolution, random, fitness, slow.get(3), fast.get(3));
      assertTrue(parents.get(0) >= 28 && parents.get(1) <= 12, "slow / fast: " + parents);
    }
  }

  /**
   * A stratified start draws its k-th genotype from niche group k modulo the groups, each valid and
   * new, so 16 draws hold each of the 8 depth-type groups twice; the plain random start of the same
   * space leaves groups out or over-fills them (the draws favour mostly separable nets, ties
   * counted as separable).
   */
  @Test
  void aStratifiedStartDrawsEachNicheGroupInTurn() throws Exception {
    SearchSpace space = SearchSpace.of(SearchTest.spec("regularized", 40, ""));
    Map<EvolutionStart, Map<Integer, Integer>> counts = new HashMap<>();
    for (EvolutionStart start : EvolutionStart.values()) {
      RegularizedEvolution evolution =
          new RegularizedEvolution(
              space, 16, 4, Rungs.Peers.DEPTH_TYPE, start, NicheShare.CHILDREN);
      List<String> trained = new ArrayList<>();
      Predicate<int[]> usable =
          g ->
              space.rejection(space.decode(g)).isEmpty()
                  && !trained.contains(CanonicalKey.of(space.decode(g)));
      SplittableRandom random = new SplittableRandom(11);
      Map<Integer, Integer> groups = new java.util.TreeMap<>();
      for (int draw = 0; draw < 16; draw++) {
        int[] g = evolution.child(random, draw, k -> 0, usable);
        Architecture net = space.decode(g);
        int group = Rungs.Peers.DEPTH_TYPE.group(net);
        groups.merge(group, 1, Integer::sum);
        if (start == EvolutionStart.STRATIFIED) {
          assertEquals(evolution.strata().get(draw % 8), group, "draw " + draw);
          assertTrue(usable.test(g), "valid and new");
        }
        if (usable.test(g)) {
          trained.add(CanonicalKey.of(net));
          evolution.add(CanonicalKey.of(net), g, 0); // the population fills (children stay random)
        }
      }
      counts.put(start, groups);
    }
    assertEquals(
        List.of(1, 2, 3, 5, 21, 22, 23, 25),
        new RegularizedEvolution(
                space,
                16,
                4,
                Rungs.Peers.DEPTH_TYPE,
                EvolutionStart.STRATIFIED,
                NicheShare.CHILDREN)
            .strata());
    assertEquals(
        Map.of(1, 2, 2, 2, 3, 2, 5, 2, 21, 2, 22, 2, 23, 2, 25, 2),
        counts.get(EvolutionStart.STRATIFIED));
    assertNotEquals(counts.get(EvolutionStart.STRATIFIED), counts.get(EvolutionStart.RANDOM));
  }

  /**
   * The first four valid random genotypes that {@code first} accepts, and four {@code second} does.
   */
  private static List<List<int[]>> draw(
      SearchSpace space, Predicate<Architecture> first, Predicate<Architecture> second) {
    List<int[]> a = new ArrayList<>();
    List<int[]> b = new ArrayList<>();
    SplittableRandom draw = new SplittableRandom(3);
    while (a.size() < 4 || b.size() < 4) {
      int[] g = space.randomGenotype(draw);
      Architecture net = space.decode(g);
      if (space.rejection(net).isPresent()) {
        continue;
      }
      List<int[]> into = first.test(net) ? a : second.test(net) ? b : null;
      if (into != null && into.size() < 4) {
        into.add(g);
      }
    }
    return List.of(a, b);
  }

  /**
   * A population of 8 (tournaments of 8): {@code weak} and {@code strong} added in turns, every
   * strong member fitter than every weak one, the last added of each kind the fittest of its kind.
   */
  private static RegularizedEvolution population(
      SearchSpace space,
      Rungs.Peers niches,
      List<int[]> weak,
      List<int[]> strong,
      Map<String, Double> fitness) {
    return population(space, niches, NicheShare.CHILDREN, weak, strong, fitness, 0, 0);
  }

  /** As above, sharing {@code share}, each weak member trained in {@code weakSeconds}, etc. */
  private static RegularizedEvolution population(
      SearchSpace space,
      Rungs.Peers niches,
      NicheShare share,
      List<int[]> weak,
      List<int[]> strong,
      Map<String, Double> fitness,
      double weakSeconds,
      double strongSeconds) {
    RegularizedEvolution evolution =
        new RegularizedEvolution(space, 8, 8, niches, EvolutionStart.RANDOM, share);
    for (int i = 0; i < 4; i++) {
      for (int[] g : List.of(weak.get(i), strong.get(i))) {
        String key = CanonicalKey.of(space.decode(g));
        boolean isStrong = g == strong.get(i);
        fitness.put(key, (isStrong ? 1 : 0.5) + i / 100.0);
        evolution.add(key, g, isStrong ? strongSeconds : weakSeconds);
      }
    }
    return evolution;
  }

  /** Of 40 children, how many are one gene from {@code weakBest} and from {@code strongBest}. */
  private static List<Integer> parents(
      RegularizedEvolution evolution,
      SplittableRandom random,
      Map<String, Double> fitness,
      int[] weakBest,
      int[] strongBest) {
    int fromWeak = 0;
    int fromStrong = 0;
    for (int i = 0; i < 40; i++) {
      int[] child = evolution.child(random, i, k -> fitness.getOrDefault(k, -1.0), x -> true);
      fromWeak += distance(child, weakBest) == 1 ? 1 : 0;
      fromStrong += distance(child, strongBest) == 1 ? 1 : 0;
    }
    return List.of(fromWeak, fromStrong);
  }

  private static int distance(int[] a, int[] b) {
    int d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] != b[i] ? 1 : 0;
    }
    return d;
  }
}
