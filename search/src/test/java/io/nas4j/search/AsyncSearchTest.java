package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.reports.Ranking;
import io.nas4j.reports.Renderers;
import io.nas4j.reports.RunReport;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.journal.RungEntry;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.InitialCandidate;
import io.nas4j.space.spec.Rungs;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The asynchronous search: regularized evolution, successive halving, resume, with fakes. */
class AsyncSearchTest {

  @TempDir Path runs;

  /** Three rungs: 2 epochs (the misleading proxy), then 4, then 8; eta 3. */
  static final String RUNGS =
      """
      rungs:
        eta: 3
        levels:
          - {maxEpochs: 4}
          - {maxEpochs: 8}
      """;

  /** {@link #RUNGS}, promoting the top third of each depth group. */
  static final String RUNGS_BY_DEPTH = RUNGS.replace("eta: 3", "eta: 3\n  peers: depth");

  static SearchSpec spec(String strategy, int maxEvaluations, String rungs) throws Exception {
    return spec(strategy, maxEvaluations, rungs, "all");
  }

  static SearchSpec spec(String strategy, int maxEvaluations, String rungs, String niches)
      throws Exception {
    return spec(SpecReader.defaultSpecText(), strategy, maxEvaluations, rungs, niches);
  }

  /** The spec {@code base} (its blocks, head and budget) with this test's search and rungs. */
  static SearchSpec spec(
      String base, String strategy, int maxEvaluations, String rungs, String niches)
      throws Exception {
    String yaml =
        base.replaceAll("(?m)^search:(\\n  .*)*", "")
                .replaceAll("(?m)^seed: .*", "")
                .replaceAll("(?m)^rungs:.*(\\n  .*)*", "")
                .replaceAll("(?m)^  maxEpochs: 3", "  maxEpochs: 2")
            + """
            search:
              strategy: %s
              population: 10
              generations: 1000
              maxEvaluations: %d
              wallTimeMinutes: 60
              evolution: {tournamentSize: 3, niches: %s}
              pruning: {enabled: false}
            seed: 11
            %s
            """
                .formatted(strategy, maxEvaluations, niches, rungs);
    return SpecReader.parse(yaml, "test spec", null);
  }

  private Search.Outcome start(SearchSpec spec, String id, FidelityFakeEvaluator fake, int parallel)
      throws Exception {
    return Search.start(spec, runs.resolve(id), s -> fake, SearchTest.options(parallel));
  }

  /** key -> rung-0 status and accuracy, then each rung's. */
  static Map<String, String> trajectory(Journal journal) {
    Map<String, String> out = new TreeMap<>();
    for (CandidateEntry c : journal.candidates()) {
      out.put(c.key(), c.result().status().id() + " " + c.result().bestValAccuracy());
    }
    for (RungEntry r : journal.rungs()) {
      out.merge(r.key(), " r" + r.rung() + " " + r.result().bestValAccuracy(), String::concat);
    }
    return out;
  }

  @Test
  void regularizedEvolutionTrainsEachNetworkOnceAndOneWorkerFollowsOneTrajectory()
      throws Exception {
    SearchSpec spec = spec("regularized", 40, "");
    FidelityFakeEvaluator fake = new FidelityFakeEvaluator(0);
    Search.Outcome one = start(spec, "a", fake, 1);
    assertEquals("max-evaluations", one.endReason());
    Journal a = JournalFile.read(runs.resolve("a"));
    long trained =
        a.candidates().stream().filter(c -> c.result().status() != Status.INVALID).count();
    assertEquals(40, trained);
    assertTrue(fake.trainings.values().stream().allMatch(n -> n == 1), "trained twice");
    assertTrue(a.rungs().isEmpty());
    assertEquals(
        List.of(0, 1, 2, 3),
        a.generations().stream().map(g -> g.generation()).toList(),
        "a line per 10 trainings, none twice");
    Journal b = JournalFile.read(start(spec, "b", new FidelityFakeEvaluator(0), 1).runFolder());
    assertEquals(trajectory(a), trajectory(b));
    Journal c =
        JournalFile.read(
            start(spec.withSearch(spec.search(), 12), "c", new FidelityFakeEvaluator(0), 1)
                .runFolder());
    assertNotEquals(trajectory(a), trajectory(c), "another seed, another trajectory");
    // several workers: the same budget, each network once
    FidelityFakeEvaluator parallel = new FidelityFakeEvaluator(5);
    start(spec, "p", parallel, 3);
    assertTrue(parallel.trainings.values().stream().allMatch(n -> n == 1));
    assertEquals(40, parallel.trainings.size());
  }

  /**
   * The proxy (rung 0) favours shallow nets, longer trainings deep ones: with rungs the search's
   * rank 1 is a deep net that earned the top rung; without them a shallow one wins.
   */
  @Test
  void rungsRankADeepNetFirstWhereTheProxyFavoursShallowOnes() throws Exception {
    Search.Outcome single =
        start(spec("regularized", 60, ""), "single", new FidelityFakeEvaluator(0), 1);
    Search.Outcome multi =
        start(spec("regularized", 60, RUNGS), "multi", new FidelityFakeEvaluator(0), 1);
    CandidateEntry singleBest = Ranking.rank(single.latest()).get(0);
    CandidateEntry multiBest = Ranking.rank(multi.latest()).get(0);
    int shallow = FidelityFakeEvaluator.convolutions(Analysis.of(singleBest.architecture()));
    int deep = FidelityFakeEvaluator.convolutions(Analysis.of(multiBest.architecture()));
    assertEquals(2, multiBest.rung(), "rank 1 earned the top rung");
    assertTrue(deep > shallow, "multi-fidelity rank 1 has " + deep + " convs, single " + shallow);
    assertTrue(
        shallow <= 2, "the proxy picks a shallow net: " + singleBest.architecture().notation());
    // successive halving: at least the top third of rung 0 goes on, and of those to rung 2; a
    // few more, as an early leader that others overtake has gone on already
    Journal journal = JournalFile.read(multi.runFolder());
    long rung1 = journal.rungs().stream().filter(r -> r.rung() == 1).count();
    long rung2 = journal.rungs().stream().filter(r -> r.rung() == 2).count();
    assertTrue(rung1 >= 60 / 3 && rung1 <= 60 / 3 + 4, "rung 1: " + rung1);
    assertTrue(rung2 >= rung1 / 3 && rung2 <= rung1 / 3 + 3, "rung 2: " + rung2);

    // the reports rank the same way and show each candidate's accuracy at every rung
    io.nas4j.reports.RunReport report = io.nas4j.reports.Reports.write(multi.runFolder(), 10);
    assertEquals(multiBest.key(), report.ranking().get(0).candidate().key());
    assertEquals(3, report.ranking().get(0).rungAccuracies().size());
    assertEquals(1, report.evidenceRung(), "rung 1 has 20 candidates, rung 2 fewer than 12");
    String md = Files.readString(multi.runFolder().resolve("report.md"));
    assertTrue(md.contains("| rank | rung | val acc | by rung |"), md);
    assertTrue(md.contains("| 1 | 2 | "), md);
    assertTrue(md.contains("From the results at rung 1"), md);
    String csv = Files.readString(multi.runFolder().resolve("leaderboard.csv"));
    assertTrue(csv.lines().skip(1).findFirst().orElseThrow().contains(",2,"), csv);
  }

  /**
   * With {@code peers: depth} each depth group sends its own top third on, whatever the other
   * groups scored; the proxy's favourites no longer take every place.
   */
  @Test
  void peersByDepthPromoteTheTopThirdOfEachDepthGroup() throws Exception {
    SearchSpec spec = spec("regularized", 60, RUNGS_BY_DEPTH);
    assertEquals(Rungs.Peers.DEPTH, spec.rungs().peers());
    Search.Outcome outcome = start(spec, "depth", new FidelityFakeEvaluator(0), 1);
    Journal journal = JournalFile.read(outcome.runFolder());
    Map<Integer, Long> trained = new TreeMap<>();
    Map<Integer, Long> promoted = new TreeMap<>();
    Set<String> atRung1 =
        journal.rungs().stream()
            .filter(r -> r.rung() == 1)
            .map(RungEntry::key)
            .collect(Collectors.toSet());
    for (CandidateEntry c : journal.candidates()) {
      if (c.result().status() != Status.INVALID) {
        int group = Rungs.Peers.DEPTH.group(c.architecture());
        trained.merge(group, 1L, Long::sum);
        promoted.merge(group, atRung1.contains(c.key()) ? 1L : 0L, Long::sum);
      }
    }
    assertTrue(trained.size() >= 3, "depth groups trained: " + trained);
    for (int group : trained.keySet()) {
      assertTrue(
          promoted.get(group) >= trained.get(group) / 3,
          "group %d: %d of %d went on".formatted(group, promoted.get(group), trained.get(group)));
    }
    assertTrue(
        promoted.values().stream().filter(n -> n > 0).count() >= 3,
        "rung 1 holds 3 depth groups or more: " + promoted);
  }

  /**
   * With {@code peers: depth-kind} graphs compete with the graphs of their depth group only: where
   * every graph scores 0.2 below the chains, each graph group of the graph spec still sends its top
   * third on, and more graphs reach rung 1 than with {@code peers: depth}.
   */
  @Test
  void depthKindPeersSendGraphsOnBesideTheChains() throws Exception {
    String graphSpec;
    try (var in =
        SpecReader.class.getResourceAsStream("/io/nas4j/space/fashion-mnist-graph.yaml")) {
      graphSpec = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    Map<String, Long> graphsAtRung1 = new TreeMap<>();
    for (String peers : List.of("depth", "depth-kind")) {
      SearchSpec spec =
          spec(
              graphSpec,
              "regularized",
              60,
              RUNGS.replace("eta: 3", "eta: 3\n  peers: " + peers),
              "all");
      Search.Outcome outcome =
          start(spec, "kind-" + peers, new FidelityFakeEvaluator(0).penalisingGraphs(0.2), 1);
      Journal journal = JournalFile.read(outcome.runFolder());
      Set<String> atRung1 =
          journal.rungs().stream()
              .filter(r -> r.rung() == 1)
              .map(RungEntry::key)
              .collect(Collectors.toSet());
      Map<Integer, Long> trained = new TreeMap<>();
      Map<Integer, Long> promoted = new TreeMap<>();
      for (CandidateEntry c : journal.candidates()) {
        if (c.result().status() != Status.INVALID) {
          int group = Rungs.Peers.DEPTH_KIND.group(c.architecture());
          trained.merge(group, 1L, Long::sum);
          promoted.merge(group, atRung1.contains(c.key()) ? 1L : 0L, Long::sum);
        }
      }
      graphsAtRung1.put(
          peers,
          promoted.entrySet().stream()
              .filter(g -> g.getKey() > 5)
              .mapToLong(Map.Entry::getValue)
              .sum());
      if (peers.equals("depth-kind")) {
        assertTrue(trained.keySet().stream().anyMatch(g -> g > 5), "graphs trained: " + trained);
        for (int group : trained.keySet()) {
          assertTrue(
              promoted.get(group) >= trained.get(group) / 3,
              "group %d: %d of %d went on"
                  .formatted(group, promoted.get(group), trained.get(group)));
        }
      }
    }
    assertTrue(
        graphsAtRung1.get("depth-kind") > graphsAtRung1.get("depth"),
        "graphs at rung 1: " + graphsAtRung1);
  }

  /**
   * With depth niches every depth group keeps breeding: the children after the random start spread
   * over the depth groups instead of following the lineage that reached the top rung first.
   */
  @Test
  void depthNichesKeepEveryDepthGroupBreeding() throws Exception {
    Map<String, Map<Integer, Long>> children = new TreeMap<>();
    Map<String, Set<Integer>> top = new TreeMap<>();
    for (String niches : List.of("all", "depth")) {
      SearchSpec spec = spec("regularized", 80, RUNGS_BY_DEPTH, niches);
      Search.Outcome outcome = start(spec, niches, new FidelityFakeEvaluator(0), 1);
      Journal journal = JournalFile.read(outcome.runFolder());
      Map<Integer, Long> groups = new TreeMap<>();
      journal.candidates().stream()
          .filter(c -> c.result().status() != Status.INVALID)
          .skip(spec.search().population())
          .forEach(c -> groups.merge(Rungs.Peers.DEPTH.group(c.architecture()), 1L, Long::sum));
      children.put(niches, groups);
      top.put(
          niches,
          Ranking.rank(outcome.latest()).stream()
              .filter(c -> c.rung() == 2)
              .map(c -> Rungs.Peers.DEPTH.group(c.architecture()))
              .collect(Collectors.toSet()));
    }
    // the random start has all four groups; without niches one lineage's group takes more than
    // half of the 70 children, with niches each group breeds and none takes more than 40%
    Map<Integer, Long> all = children.get("all");
    Map<Integer, Long> depth = children.get("depth");
    long children70 = all.values().stream().mapToLong(Long::longValue).sum();
    assertTrue(all.values().stream().anyMatch(n -> n > children70 / 2), "without niches: " + all);
    assertEquals(Set.of(1, 2, 3, 5), depth.keySet(), "with niches: " + depth);
    for (long n : depth.values()) {
      assertTrue(n >= 8 && n <= children70 * 2 / 5, "with niches each group breeds: " + depth);
    }
    // promotion out of rung 1 is by the whole rung: the long trainings, which favour deep nets
    // here, decide which groups reach the top rung
    assertTrue(top.get("depth").contains(5), "the deepest group reaches the top rung: " + top);
    assertFalse(top.get("depth").contains(1), "1-conv nets lose at rung 1: " + top);
  }

  /**
   * The random start is drawn from the seed and the number of candidates started, not from the
   * trainings finished: two runs whose trainings take different times (so promotions interleave
   * with new candidates differently) train the same random nets; a stratified start too.
   */
  @ParameterizedTest
  @ValueSource(strings = {"all", "depth-type, start: stratified"})
  void theRandomStartIsTheSameWhicheverTrainingFinishesFirst(String niches) throws Exception {
    // fewer than the population: all random
    SearchSpec spec = spec("regularized", 9, RUNGS, niches);
    List<Set<String>> drawn = new ArrayList<>();
    for (int order = 0; order < 2; order++) {
      boolean slowRungZero = order == 0; // else the promoted trainings are the slow ones
      FidelityFakeEvaluator fake =
          new FidelityFakeEvaluator(0)
              .delaying(job -> job.endsWith("@2") == slowRungZero ? 150 : 5);
      Journal journal =
          JournalFile.read(start(spec, "order" + order + niches.length(), fake, 2).runFolder());
      assertFalse(journal.rungs().isEmpty(), "promotions took turns with new candidates");
      if (niches.contains("stratified")) { // 9 candidates: each of the 8 groups, one twice
        assertEquals(
            8,
            journal.candidates().stream()
                .filter(c -> c.result().status() != Status.INVALID)
                .map(c -> Rungs.Peers.DEPTH_TYPE.group(c.architecture()))
                .distinct()
                .count());
      }
      drawn.add(
          journal.candidates().stream()
              .map(c -> c.key() + " " + c.result().status().id())
              .collect(Collectors.toSet()));
    }
    assertEquals(drawn.get(0), drawn.get(1));
  }

  /**
   * Where every mostly standard net scores 0.1 below the separable ones at every fidelity, depth
   * niches let the separable lineages take the children; with {@code depth-type} niches the mostly
   * standard nets of each depth group breed too.
   */
  @Test
  void depthTypeNichesKeepStandardNetsBreedingBesideBetterSeparableOnes() throws Exception {
    Map<String, Long> standardChildren = new TreeMap<>();
    long childCount = 0;
    for (String niches : List.of("depth", "depth-type")) {
      List<CandidateEntry> children =
          children(
              spec("regularized", 80, RUNGS_BY_DEPTH, niches),
              "type-" + niches,
              new FidelityFakeEvaluator(0).penalising(a -> !a.mostlySeparable(), 0.1));
      childCount = children.size();
      standardChildren.put(
          niches, children.stream().filter(c -> !c.architecture().mostlySeparable()).count());
    }
    long depth = standardChildren.get("depth");
    long byType = standardChildren.get("depth-type");
    assertTrue(depth < childCount / 5, "depth niches: " + standardChildren + " of " + childCount);
    assertTrue(byType >= childCount / 3, "depth-type: " + standardChildren + " of " + childCount);
  }

  /** A one-worker search's valid candidates after the first population's worth: its children. */
  private List<CandidateEntry> children(SearchSpec spec, String id, FidelityFakeEvaluator fake)
      throws Exception {
    return JournalFile.read(start(spec, id, fake, 1).runFolder()).candidates().stream()
        .filter(c -> c.result().status() != Status.INVALID)
        .skip(spec.search().population())
        .toList();
  }

  /**
   * Where mostly separable nets take 5 times as long to train as standard ones, niches sharing
   * children breed about as many separable children as standard ones; niches sharing time breed
   * clearly fewer separable ones.
   */
  @Test
  void nichesSharingTimeBreedSlowNetsLessOften() throws Exception {
    Map<String, Double> separableShare = new TreeMap<>();
    for (String share : List.of("children", "time")) {
      List<CandidateEntry> children =
          children(
              spec("regularized", 80, RUNGS_BY_DEPTH, "depth-type, nicheShare: " + share),
              "share-" + share,
              new FidelityFakeEvaluator(0).taking(Architecture::mostlySeparable, 5));
      separableShare.put(
          share,
          children.stream().filter(c -> c.architecture().mostlySeparable()).count()
              / (double) children.size());
    }
    double children = separableShare.get("children");
    double time = separableShare.get("time");
    assertTrue(children > 0.35, "sharing children: " + separableShare);
    // a mutation may change a child's type, so fewer than the 1 in 6 of tournaments time gives the
    // separable niches (measured: 0.47 of the children sharing children, 0.29 sharing time)
    assertTrue(time < children * 0.75, "sharing time: " + separableShare);
  }

  /**
   * A run cut anywhere (the journal torn mid-line) and resumed with one worker takes the same
   * decisions: the same candidates and rung trainings, nothing journaled trained again; also with
   * depth groups as peers and as niches (the eviction then depends on the population's order), and
   * with a random start stratified by depth-type niche (its strata follow the candidates started),
   * and with niches sharing time (their costs are rebuilt from the journal's seconds).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"all", "depth", "depth-type, start: stratified", "depth-type, nicheShare: time"})
  void resumeAfterACutTrainsNothingTwiceAndEndsLikeAnUninterruptedRun(String niches)
      throws Exception {
    boolean byDepth = !niches.equals("all");
    assertResumesLikeAnUninterruptedRun(
        spec("regularized", 30, byDepth ? RUNGS_BY_DEPTH : RUNGS, niches), "n" + niches.length());
  }

  /** Architectures a user names are trained first, in their order; a cut among them resumes. */
  @Test
  void theSearchTrainsTheInitialArchitecturesFirstAndResumesAmongThem() throws Exception {
    List<InitialCandidate> initial = new ArrayList<>();
    for (String net :
        List.of(
            "c3x32s2 bn relu | c3x32 bn relu | max2 | c5x64 bn relu | d128 relu drop0.25 | out10",
            "sc5x64s2 relu | avg2 | out10",
            "c7x16 relu | d64 relu | out10")) {
      initial.add(
          new InitialCandidate(
              net, OptionalDouble.of(1e-3), OptionalInt.of(128), Optional.empty()));
    }
    for (String strategy : List.of("regularized", "random", "evolution")) {
      SearchSpec spec = spec(strategy, 20, strategy.equals("regularized") ? RUNGS : "");
      spec = spec.withSearch(spec.search().withInitial(initial), spec.seed());
      Journal journal = JournalFile.read(start(spec, strategy, timed(), 1).runFolder());
      assertEquals(
          initial.stream().map(InitialCandidate::architecture).toList(),
          journal.candidates().stream()
              .filter(c -> c.result().status() != Status.INVALID) // random draws, journaled at once
              .limit(3)
              .map(c -> Notation.format(c.architecture().layers()))
              .toList(),
          strategy);
      String summary = Renderers.summary(RunReport.of(journal));
      String standing = "rank \\d+, val acc 0\\.\\d{4} at rung \\d";
      String line =
          "(?m)^given architectures \\(search\\.initial\\): \\[0\\] %s, \\[1\\] %s, \\[2\\] %s;"
                  .formatted(standing, standing, standing)
              + " rank 1: val acc 0\\.\\d{4} at rung \\d$";
      assertTrue(Pattern.compile(line).matcher(summary).find(), summary);
    }
    SearchSpec spec = spec("regularized", 30, RUNGS, "depth-type");
    assertResumesLikeAnUninterruptedRun(
        spec.withSearch(spec.search().withInitial(initial), spec.seed()), "initial");
  }

  /**
   * Runs {@code spec} whole, then again cut after lines 2, 8, 20 and 33 of its journal (the next
   * line torn) and resumed: nothing journaled is trained again, and the trajectory and the ranking
   * are the whole run's.
   */
  private void assertResumesLikeAnUninterruptedRun(SearchSpec spec, String tag) throws Exception {
    Journal full = JournalFile.read(start(spec, "full" + tag, timed(), 1).runFolder());
    for (int keep : List.of(2, 8, 20, 33)) {
      String id = "cut" + keep + tag;
      start(spec, id, timed(), 1);
      Path file = JournalFile.of(runs.resolve(id));
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> cut = new ArrayList<>(lines.subList(0, keep));
      String torn = lines.get(keep).substring(0, lines.get(keep).length() / 2);
      Files.writeString(file, String.join("\n", cut) + "\n" + torn, StandardCharsets.UTF_8);
      Journal before = JournalFile.read(runs.resolve(id));
      Set<String> done =
          before.candidates().stream().map(c -> c.key() + "@2").collect(Collectors.toSet());
      before.rungs().forEach(r -> done.add(r.key() + "@" + (r.rung() == 1 ? 4 : 8)));

      FidelityFakeEvaluator resumed = timed();
      Search.resume(runs.resolve(id), s -> resumed, SearchTest.options(1));
      for (String job : done) {
        assertFalse(resumed.trainings.containsKey(job), "trained again: " + job);
      }
      Journal after = JournalFile.read(runs.resolve(id));
      assertEquals(trajectory(full), trajectory(after), "cut after line " + keep);
      assertEquals(
          Ranking.rank(full).stream().map(CandidateEntry::key).toList(),
          Ranking.rank(after).stream().map(CandidateEntry::key).toList());
    }
  }

  /** A fake whose trainings report seconds (separable nets 3 times slower), for a time share. */
  private static FidelityFakeEvaluator timed() {
    return new FidelityFakeEvaluator(0).taking(Architecture::mostlySeparable, 3);
  }
}
