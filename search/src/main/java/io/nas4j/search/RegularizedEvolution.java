package io.nas4j.search;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.spec.EvolutionStart;
import io.nas4j.space.spec.NicheShare;
import io.nas4j.space.spec.Rungs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Regularized evolution (Real et al. 2019), steady state: the population is the {@code size} most
 * recent candidates; a child is the best of {@code sample} members drawn at random (without
 * replacement), mutated in one gene; each new candidate joins the population and the oldest leaves.
 * Until the population is full, children are random genotypes. With niches ({@code
 * search.evolution.niches: depth}) each tournament is drawn from the members of one group, a group
 * picked uniformly among those in the population: the groups breed at equal rates, so a lineage
 * that reached a higher rung (and so wins every tournament it is in) cannot take the whole
 * population, and deep nets, slow to learn at rung 0, keep their own line; and the member that
 * leaves is the oldest of the largest niche, so a niche, once in the population, stays (a mutation
 * may still change a child's niche: that is how new ones arise). With a stratified start ({@code
 * search.evolution.start: stratified}) the k-th random genotype is one of niche group k modulo the
 * groups the space produces, so the random start holds every niche rather than those the draws
 * favour. With {@code search.evolution.nicheShare: time} a tournament's niche is drawn with weight
 * inversely proportional to the mean training seconds (all rungs) of the niche's candidates so far
 * ({@link #spent}), so the niches share core time rather than children. A mutation that leaves the
 * network unchanged (a gene of an inactive block) or makes it untrainable is redrawn — another
 * value, then another gene — so children are valid new networks unless no single-gene change of the
 * parent is one. Not thread-safe.
 */
final class RegularizedEvolution {

  /** A member of the population and its niche. */
  record Member(String key, int[] genotype, int niche) {}

  /**
   * The least mean seconds a niche's candidate counts as costing under a time share, so that a
   * niche whose trainings all failed at once does not take every tournament.
   */
  static final double MIN_MEAN_SECONDS = 1.0;

  /** Random genotypes drawn to find a stratum's member before a plain random one is taken. */
  static final int STRATUM_DRAWS = 300;

  /** Random genotypes drawn, with a fixed seed, to find the niche groups the space produces. */
  static final int STRATA_PROBES = 1000;

  private final SearchSpace space;
  private final int size;
  private final int sample;
  private final Rungs.Peers niches;
  private final EvolutionStart start;
  private final NicheShare share;
  private final Deque<Member> population = new ArrayDeque<>();

  /** The niche of every candidate added, in or out of the population. */
  private final Map<String, Integer> nicheOf = new HashMap<>();

  /** Per niche: the candidates added and the training seconds they used, all rungs. */
  private final Map<Integer, double[]> cost = new HashMap<>();

  private List<Integer> strata;

  RegularizedEvolution(SearchSpace space, int size, int sample) {
    this(space, size, sample, Rungs.Peers.ALL, EvolutionStart.RANDOM, NicheShare.CHILDREN);
  }

  /**
   * @param niches the groups whose members compete in a tournament ({@code ALL}: one group)
   * @param start how the population is filled before it breeds
   * @param share what the niches share equally: children, or core time
   */
  RegularizedEvolution(
      SearchSpace space,
      int size,
      int sample,
      Rungs.Peers niches,
      EvolutionStart start,
      NicheShare share) {
    if (sample < 1 || sample > size) {
      throw new IllegalArgumentException(
          "sample must be in [1, %d], but was %d".formatted(size, sample));
    }
    this.space = space;
    this.size = size;
    this.sample = sample;
    this.niches = niches;
    this.start = start;
    this.share = share;
  }

  /**
   * A trained candidate joins the population; if it is full, the oldest member leaves — with
   * niches, the oldest of the largest niche (of the largest niches on a tie), so no niche dies out.
   * Its rung-0 training took {@code seconds}; its later rungs' come through {@link #spent}.
   */
  void add(String key, int[] genotype, double seconds) {
    int group = niches.group(space.decode(genotype));
    nicheOf.put(key, group);
    cost.computeIfAbsent(group, g -> new double[2])[0]++;
    spent(key, seconds);
    population.addLast(new Member(key, genotype.clone(), group));
    while (population.size() > size) {
      Map<Integer, Integer> sizes = new HashMap<>();
      population.forEach(m -> sizes.merge(m.niche(), 1, Integer::sum));
      int largest = Collections.max(sizes.values());
      Member oldest =
          population.stream().filter(m -> sizes.get(m.niche()) == largest).findFirst().get();
      population.remove(oldest); // without niches: the oldest of all
    }
  }

  /** A training of an added candidate (a promotion) took {@code seconds}; others are ignored. */
  void spent(String key, double seconds) {
    Integer group = nicheOf.get(key);
    if (group != null && seconds > 0) {
      cost.get(group)[1] += seconds;
    }
  }

  int populationSize() {
    return population.size();
  }

  /**
   * The next child's genotype.
   *
   * @param draw the number of valid candidates started before this one (the stratum of a stratified
   *     start, so it does not depend on which training finishes first)
   * @param fitness a member's fitness, higher better (the scheduler's: {@code Ranking.score} at the
   *     highest rung reached)
   * @param usable whether a genotype may be trained (its network is valid and new); tried on each
   *     redrawn mutation
   */
  int[] child(
      SplittableRandom random,
      int draw,
      ToDoubleFunction<String> fitness,
      Predicate<int[]> usable) {
    if (population.size() < size) {
      return start == EvolutionStart.STRATIFIED
          ? stratumMember(random, draw, usable)
          : space.randomGenotype(random);
    }
    List<Member> members = niche(random);
    Member parent = null;
    for (int i = 0; i < Math.min(sample, members.size()); i++) {
      // a sample without replacement: a partial Fisher-Yates shuffle
      int j = i + random.nextInt(members.size() - i);
      Member m = members.get(j);
      members.set(j, members.get(i));
      members.set(i, m);
      if (parent == null || fitness.applyAsDouble(m.key()) > fitness.applyAsDouble(parent.key())) {
        parent = m;
      }
    }
    return mutate(parent, random, usable);
  }

  /**
   * A usable random genotype of stratum {@code draw} modulo the strata, drawn by rejection; a plain
   * random genotype when none turns up in {@value #STRATUM_DRAWS} draws (a rare group, or a group
   * whose networks are all trained) or the space produced no valid network to find strata with.
   */
  private int[] stratumMember(SplittableRandom random, int draw, Predicate<int[]> usable) {
    List<Integer> groups = strata();
    if (groups.isEmpty()) {
      return space.randomGenotype(random);
    }
    int target = groups.get(Math.floorMod(draw, groups.size()));
    for (int i = 0; i < STRATUM_DRAWS; i++) {
      int[] genotype = space.randomGenotype(random);
      if (niches.group(space.decode(genotype)) == target && usable.test(genotype)) {
        return genotype;
      }
    }
    return space.randomGenotype(random);
  }

  /**
   * The niche groups of the valid networks among {@value #STRATA_PROBES} random genotypes drawn
   * with a fixed seed, in ascending order: the same for every run of a spec; computed once.
   */
  List<Integer> strata() {
    if (strata == null) {
      SplittableRandom probe = new SplittableRandom(0x5EED);
      TreeSet<Integer> groups = new TreeSet<>();
      for (int i = 0; i < STRATA_PROBES; i++) {
        Architecture a = space.decode(space.randomGenotype(probe));
        if (space.rejection(a).isEmpty()) {
          groups.add(niches.group(a));
        }
      }
      strata = List.copyOf(groups);
    }
    return strata;
  }

  /**
   * The members of one niche, oldest first, picked among the niches in the population uniformly or,
   * sharing time, by {@link #byTime} (with one niche, as without niches, nothing is drawn).
   */
  private List<Member> niche(SplittableRandom random) {
    List<Integer> present = population.stream().map(Member::niche).distinct().sorted().toList();
    int pick =
        present.size() == 1
            ? present.get(0)
            : share == NicheShare.TIME
                ? byTime(present, random)
                : present.get(random.nextInt(present.size()));
    List<Member> members = new ArrayList<>();
    for (Member m : population) {
      if (m.niche() == pick) {
        members.add(m);
      }
    }
    return members;
  }

  /**
   * A niche drawn with weight candidates / seconds (the inverse of its mean training time, at least
   * {@value #MIN_MEAN_SECONDS} s), so the niches' expected shares of core time are equal.
   */
  private int byTime(List<Integer> present, SplittableRandom random) {
    double[] weights = new double[present.size()];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      double[] c = cost.get(present.get(i));
      weights[i] = 1 / Math.max(MIN_MEAN_SECONDS, c[1] / c[0]);
      total += weights[i];
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length - 1; i++) {
      u -= weights[i];
      if (u < 0) {
        return present.get(i);
      }
    }
    return present.get(weights.length - 1);
  }

  /**
   * The parent changed in one gene: the first usable change in a random order of genes and values.
   */
  private int[] mutate(Member parent, SplittableRandom random, Predicate<int[]> usable) {
    List<Integer> genes = new ArrayList<>();
    for (int g = 0; g < space.genes().size(); g++) {
      if (space.genes().get(g).size() > 1) {
        genes.add(g);
      }
    }
    Random shuffler = new Random(random.nextLong());
    Collections.shuffle(genes, shuffler);
    Architecture before = space.decode(parent.genotype());
    String key = CanonicalKey.of(before);
    int[] last = null;
    for (int g : genes) {
      List<Integer> values = new ArrayList<>();
      for (int v = 0; v < space.genes().get(g).size(); v++) {
        if (v != parent.genotype()[g]) {
          values.add(v);
        }
      }
      Collections.shuffle(values, shuffler);
      for (int v : values) {
        int[] child = parent.genotype().clone();
        child[g] = v;
        if (CanonicalKey.of(space.decode(child)).equals(key)) {
          continue; // an inactive gene: the same network
        }
        last = child;
        if (usable.test(child)) {
          return child;
        }
      }
    }
    return last != null ? last : space.randomGenotype(random);
  }
}
