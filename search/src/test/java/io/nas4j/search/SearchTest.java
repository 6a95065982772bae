package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.Provenance;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {

  @TempDir Path runs;

  static SearchSpec spec(String strategy, int maxEvaluations, String extra) throws Exception {
    return spec(strategy, maxEvaluations, 60, extra);
  }

  static SearchSpec spec(String strategy, int maxEvaluations, int wallTimeMinutes, String extra)
      throws Exception {
    String yaml =
        SpecReader.defaultSpecText()
                .replaceAll("(?m)^search:(\\n  .*)*", "")
                .replaceAll("(?m)^seed: .*", "")
                .replaceAll("(?m)^rungs:.*(\\n  .*)*", "")
            + """
            search:
              strategy: %s
              population: 8
              generations: 12
              maxEvaluations: %d
              wallTimeMinutes: %d
            %s
            seed: 7
            """
                .formatted(strategy, maxEvaluations, wallTimeMinutes, extra);
    return SpecReader.parse(yaml, "test spec", null);
  }

  static Search.Options options(int parallel) {
    return new Search.Options(
        parallel, Provenance.of(Map.of("test", "yes")), new Search.Listener() {});
  }

  private Search.Outcome run(SearchSpec spec, String id, FakeEvaluator fake, int parallel)
      throws Exception {
    return Search.start(spec, runs.resolve(id), s -> fake, options(parallel));
  }

  /** key -> (generation, status, best accuracy), independent of journal line order. */
  static Map<String, String> trajectory(List<CandidateEntry> candidates) {
    Map<String, String> out = new TreeMap<>();
    for (CandidateEntry c : candidates) {
      out.put(
          c.key(),
          c.generation() + " " + c.result().status().id() + " " + c.result().bestValAccuracy());
    }
    return out;
  }

  @Test
  void evolutionWritesACompleteJournalAndTrainsEachKeyOnce() throws Exception {
    FakeEvaluator fake = new FakeEvaluator();
    Search.Outcome outcome = run(spec("evolution", 40, ""), "a", fake, 1);
    assertEquals("max-evaluations", outcome.endReason());
    Journal journal = JournalFile.read(runs.resolve("a"));
    assertEquals("a", journal.header().runId());
    assertEquals("yes", journal.header().provenance().more().get("test"));
    assertEquals(Set.of("max-evaluations"), Set.of(journal.endReason().orElseThrow()));
    assertFalse(journal.tornLastLine());
    List<String> keys = journal.candidates().stream().map(CandidateEntry::key).toList();
    assertEquals(keys.size(), Set.copyOf(keys).size(), "one line per distinct key");
    long trained =
        journal.candidates().stream().filter(c -> c.result().status() != Status.INVALID).count();
    assertEquals(40, trained);
    assertTrue(fake.trainings.values().stream().allMatch(n -> n == 1), "" + fake.trainings);
    assertEquals(40, fake.trainings.size());
    assertTrue(
        journal.candidates().stream().anyMatch(c -> c.result().status() == Status.INVALID),
        "the default space has invalid candidates, and they are recorded");
    journal.candidates().stream()
        .filter(c -> c.result().status() == Status.INVALID)
        .forEach(c -> assertFalse(fake.trainings.containsKey(c.key())));
    for (int i = 0; i < journal.candidates().size(); i++) {
      assertEquals(i, journal.candidates().get(i).index());
    }
    assertFalse(journal.generations().isEmpty());
    assertEquals(0, journal.generations().get(0).generation());
    assertEquals(8, journal.generations().get(0).trained(), "a full valid initial population");
    assertEquals(40, journal.generations().get(journal.generations().size() - 1).trained());
  }

  @Test
  void sameSeedSameTrajectoryWhateverTheParallelism() throws Exception {
    SearchSpec spec = spec("evolution", 30, "");
    Search.Outcome one = run(spec, "p1", new FakeEvaluator(), 1);
    Search.Outcome again = run(spec, "p1b", new FakeEvaluator(), 1);
    Search.Outcome three = run(spec, "p3", new FakeEvaluator(), 3);
    assertEquals(trajectory(one.candidates()), trajectory(again.candidates()));
    assertEquals(trajectory(one.candidates()), trajectory(three.candidates()));
    Search.Outcome otherSeed = run(withSeed(spec, 8), "s8", new FakeEvaluator(), 1);
    assertNotEquals(trajectory(one.candidates()), trajectory(otherSeed.candidates()));
  }

  private static SearchSpec withSeed(SearchSpec s, long seed) {
    return s.withSearch(s.search(), seed);
  }

  @Test
  void resumeAfterAKillNeverRetrainsAndFollowsTheSameTrajectory() throws Exception {
    SearchSpec spec = spec("evolution", 36, "");
    Search.Outcome full = run(spec, "full", new FakeEvaluator(), 2);

    // A run killed after some candidates: keep the header and the first lines, tear the next.
    FakeEvaluator first = new FakeEvaluator();
    run(spec, "killed", first, 2);
    Path journal = JournalFile.of(runs.resolve("killed"));
    List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
    int keep = 1 + lines.size() / 2;
    List<String> cut = new ArrayList<>(lines.subList(0, keep));
    String torn = lines.get(keep).substring(0, lines.get(keep).length() / 2);
    Files.writeString(journal, String.join("\n", cut) + "\n" + torn, StandardCharsets.UTF_8);
    Journal before = JournalFile.read(runs.resolve("killed"));
    assertTrue(before.tornLastLine());
    Set<String> done =
        before.candidates().stream().map(CandidateEntry::key).collect(Collectors.toSet());

    FakeEvaluator resumed = new FakeEvaluator();
    Search.Outcome outcome = Search.resume(runs.resolve("killed"), s -> resumed, options(1));
    assertEquals(full.endReason(), outcome.endReason());
    for (String key : done) {
      assertFalse(resumed.trainings.containsKey(key), "retrained " + key);
    }
    Journal after = JournalFile.read(runs.resolve("killed"));
    assertFalse(after.tornLastLine());
    assertEquals(trajectory(full.candidates()), trajectory(after.candidates()));
    List<String> keys = after.candidates().stream().map(CandidateEntry::key).toList();
    assertEquals(keys.size(), Set.copyOf(keys).size());
    assertEquals(
        after.generations().stream().map(g -> g.generation()).distinct().count(),
        after.generations().size(),
        "no generation line twice");
  }

  /**
   * Candidates queued behind others do not start once the wall time has passed: a resumed run with
   * 3 s of its minute left and 1.5 s per candidate on one worker starts at most 3 of the next
   * generation's candidates (at 0, 1.5 and 3.0 s), where it would otherwise train all of them.
   */
  @Test
  void queuedCandidatesDoNotStartAfterTheWallTime() throws Exception {
    SearchSpec spec = spec("evolution", 36, 1, "");
    run(spec, "late", new FakeEvaluator(), 1);
    Path journal = JournalFile.of(runs.resolve("late"));
    List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
    int firstGeneration = 0;
    while (!lines.get(firstGeneration).contains("\"type\":\"generation\"")) {
      firstGeneration++;
    }
    String generation =
        lines.get(firstGeneration).replaceAll("\"seconds\":[0-9.eE+-]+", "\"seconds\":57.0");
    List<String> cut = new ArrayList<>(lines.subList(0, firstGeneration));
    cut.add(generation);
    Files.write(journal, cut, StandardCharsets.UTF_8);
    Set<String> before =
        JournalFile.read(runs.resolve("late")).candidates().stream()
            .map(CandidateEntry::key)
            .collect(Collectors.toSet());

    FakeEvaluator slow = new FakeEvaluator(1500, null);
    Search.Outcome outcome = Search.resume(runs.resolve("late"), s -> slow, options(1));
    assertEquals("wall-time", outcome.endReason());
    assertTrue(slow.trainings.size() >= 1, "the time left allows one candidate");
    assertTrue(slow.trainings.size() <= 3, "trained after the wall time: " + slow.trainings);
    long journaledNow =
        JournalFile.read(runs.resolve("late")).candidates().stream()
            .filter(c -> !before.contains(c.key()))
            .filter(c -> c.result().status() != Status.INVALID)
            .count();
    assertEquals(slow.trainings.size(), journaledNow, "what trained is journaled, nothing else");
  }

  @Test
  void aFinishedRunCannotBeResumedAndAnExistingFolderIsNotOverwritten() throws Exception {
    SearchSpec spec = spec("random", 5, "");
    run(spec, "done", new FakeEvaluator(), 1);
    Exception e =
        assertThrows(
            Exception.class,
            () -> Search.resume(runs.resolve("done"), s -> new FakeEvaluator(), options(1)));
    assertTrue(e.getMessage().contains("already finished (max-evaluations)"), e.getMessage());
    Exception exists =
        assertThrows(
            IllegalArgumentException.class, () -> run(spec, "done", new FakeEvaluator(), 1));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
  }

  @Test
  void randomControlUsesTheSameBudget() throws Exception {
    FakeEvaluator fake = new FakeEvaluator();
    Search.Outcome outcome = run(spec("random", 20, ""), "r", fake, 2);
    assertEquals("max-evaluations", outcome.endReason());
    assertEquals(20, fake.trainings.size());
  }

  @Test
  void evolutionBeatsRandomAtEqualEvaluationsInAtLeast8Of10Seeds() throws Exception {
    int wins = 0;
    StringBuilder log = new StringBuilder();
    for (int seed = 1; seed <= 10; seed++) {
      double evolution =
          best(run(withSeed(spec("evolution", 60, ""), seed), "e" + seed, new FakeEvaluator(), 1));
      double random =
          best(run(withSeed(spec("random", 60, ""), seed), "r" + seed, new FakeEvaluator(), 1));
      wins += evolution > random ? 1 : 0;
      log.append("%d: %.4f vs %.4f; ".formatted(seed, evolution, random));
    }
    assertTrue(wins >= 8, "evolution won " + wins + " of 10: " + log);
  }

  private static double best(Search.Outcome outcome) {
    return outcome.candidates().stream()
        .map(c -> c.result().bestValAccuracy())
        .max(Comparator.naturalOrder())
        .orElseThrow();
  }

  @Test
  void medianPruningStopsWeakCandidatesAndKeepsTheirCurves() throws Exception {
    Search.Outcome outcome =
        run(
            spec("evolution", 40, "  pruning: {enabled: true, warmup: 3}"),
            "pr",
            new FakeEvaluator(),
            1);
    List<CandidateEntry> pruned =
        outcome.candidates().stream().filter(c -> c.result().status() == Status.PRUNED).toList();
    assertFalse(pruned.isEmpty());
    pruned.forEach(c -> assertFalse(c.result().curve().isEmpty()));
    Search.Outcome off =
        run(spec("evolution", 40, "  pruning: {enabled: false}"), "np", new FakeEvaluator(), 1);
    assertTrue(off.candidates().stream().noneMatch(c -> c.result().status() == Status.PRUNED));
  }

  @Test
  void generationsAndSteadyFitnessEndTheSearch() throws Exception {
    Search.Outcome generations = run(spec("evolution", 100_000, ""), "g", new FakeEvaluator(), 1);
    assertEquals("generations", generations.endReason());
    Search.Outcome steady =
        run(spec("random", 100_000, "  steadyGenerations: 1"), "st", new FakeEvaluator(), 1);
    assertEquals("steady-fitness", steady.endReason());
  }

  @Test
  void accuracyAndMacsObjectiveFindsAParetoFront() throws Exception {
    FakeEvaluator fake = new FakeEvaluator();
    Search.Outcome outcome =
        run(spec("evolution", 40, "  objective: accuracy-macs"), "mo", fake, 1);
    assertEquals("max-evaluations", outcome.endReason());
    assertEquals(40, fake.trainings.size());
    List<CandidateEntry> front =
        io.nas4j.reports.Ranking.paretoFront(outcome.candidates(), r -> r.macs());
    assertTrue(front.size() >= 2, "a front of several trade-offs: " + front.size());
    assertEquals(
        "accuracy-macs",
        JournalFile.read(runs.resolve("mo")).header().spec().search().objective().id());
  }

  @Test
  void resumeFromAnyCutPointFollowsTheUninterruptedTrajectory() throws Exception {
    SearchSpec spec = spec("evolution", 36, "");
    Search.Outcome full = run(spec, "whole", new FakeEvaluator(), 1);
    List<String> lines =
        Files.readAllLines(JournalFile.of(runs.resolve("whole")), StandardCharsets.UTF_8);
    for (int keep = 2; keep < lines.size() - 1; keep += 2) {
      Path folder = Files.createDirectories(runs.resolve("cut" + keep));
      Files.writeString(
          JournalFile.of(folder),
          String.join("\n", lines.subList(0, keep)) + "\n",
          StandardCharsets.UTF_8);
      Search.Outcome resumed = Search.resume(folder, s -> new FakeEvaluator(), options(2));
      assertEquals(
          trajectory(full.candidates()), trajectory(resumed.candidates()), "cut after " + keep);
    }
  }

  @Test
  void aCompleteLastLineWithoutNewlineIsKeptAndAJournalHasOneWriter() throws Exception {
    SearchSpec spec = spec("random", 6, "");
    run(spec, "nl", new FakeEvaluator(), 1);
    Path journal = JournalFile.of(runs.resolve("nl"));
    List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
    Files.writeString(
        journal,
        String.join("\n", lines.subList(0, lines.size() - 1)),
        StandardCharsets.UTF_8); // drop the end line and the last newline
    int before = JournalFile.read(runs.resolve("nl")).candidates().size();
    try (JournalWriter writer = JournalWriter.append(journal, before, false)) {
      Exception e =
          assertThrows(
              Exception.class,
              () -> Search.resume(runs.resolve("nl"), s -> new FakeEvaluator(), options(1)));
      assertTrue(
          e.getMessage()
              .endsWith(
                  "in use by another nas process (a search or resume of this run is running)"),
          e.getMessage());
    }
    Search.resume(runs.resolve("nl"), s -> new FakeEvaluator(), options(1));
    Journal after = JournalFile.read(runs.resolve("nl"));
    assertEquals(before, after.candidates().size(), "nothing lost, nothing new to train");
    assertEquals("max-evaluations", after.endReason().orElseThrow());
  }

  /**
   * After a power loss ext4 may leave the unsynced end of a file as zero bytes: they read as a torn
   * last line, and resume cuts them off.
   */
  @Test
  void zeroBytesAtTheEndAreATornLineThatResumeCutsOff() throws Exception {
    run(spec("random", 6, ""), "zeros", new FakeEvaluator(), 1);
    Path journal = JournalFile.of(runs.resolve("zeros"));
    List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
    Files.writeString(
        journal,
        String.join("\n", lines.subList(0, lines.size() - 1)) + "\n" + "\0".repeat(4096),
        StandardCharsets.UTF_8);
    Journal before = JournalFile.read(runs.resolve("zeros"));
    assertTrue(before.tornLastLine());
    Search.resume(runs.resolve("zeros"), s -> new FakeEvaluator(), options(1));
    Journal after = JournalFile.read(runs.resolve("zeros"));
    assertFalse(after.tornLastLine());
    assertEquals(before.candidates().size(), after.candidates().size());
    assertFalse(Files.readString(journal, StandardCharsets.UTF_8).contains("\0"));
  }
}
