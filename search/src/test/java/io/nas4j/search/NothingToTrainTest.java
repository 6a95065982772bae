package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nas4j.space.Provenance;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.journal.JournalException;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.journal.JournalHeader;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecException;
import io.nas4j.space.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spaces in which nothing trains: every network breaks a constraint (the run must stop with an
 * explanation, not spin through its generations), or every network has been trained already (the
 * wall time must still hold).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NothingToTrainTest {

  @TempDir Path runs;

  /** 64 genotypes, 40 networks, none within {@code maxParams: 10}. */
  static SearchSpec spec(String strategy, int population, int generations, String constraints)
      throws SpecException {
    return SpecReader.parse(
        """
        dataset: {kind: idx, path: /data}
        input: {channels: 1, height: 28, width: 28}
        classes: 10
        blocks: {min: 1, max: 2, kernel: [3, 5], channels: [8, 16]}
        head: {units: [0, 32]}
        budget: {trainSize: 600, valSize: 200, maxEpochs: 1, patience: 1, timeLimitSeconds: 60}
        search: {strategy: %s, population: %d, generations: %d, maxEvaluations: 1000000,
                 wallTimeMinutes: 1}
        constraints: %s
        seed: 3
        """
            .formatted(strategy, population, generations, constraints),
        "test spec",
        null);
  }

  private static final String NONE_FITS = "{maxParams: 10}";

  /** A run folder with only a header, as a run killed at once leaves it; resume skips the check. */
  private Path startedRun(SearchSpec spec) throws Exception {
    Path folder = Files.createDirectories(runs.resolve("run"));
    JournalHeader header =
        new JournalHeader("run", "2026-01-01T00:00:00Z", spec, Provenance.of(Map.of()));
    JournalWriter.create(JournalFile.of(folder), header).close();
    return folder;
  }

  @Test
  void startRefusesASpaceWithoutATrainableNetworkBeforeLoadingData() throws Exception {
    Path folder = runs.resolve("never");
    SpecException e =
        assertThrows(
            SpecException.class,
            () ->
                Search.start(
                    spec("evolution", 8, 5, NONE_FITS),
                    folder,
                    s -> fail("the data must not be loaded"),
                    SearchTest.options(1)));
    assertEquals(
        "the search space has no trainable network: 0 of 1,000 random networks are trainable:"
            + " 1,000 exceed constraints.maxParams 10 (e.g. c3x16 relu | c3x8 relu | out10: 64,050"
            + " parameters exceed constraints.maxParams 10); widen the spec's choices or relax its"
            + " constraints ('nas space SPEC' shows why samples are rejected)",
        e.getMessage());
    assertFalse(Files.exists(folder));
  }

  @Test
  void aRunStopsAfter1000UntrainableDrawsInARowAndEndsItsJournal() throws Exception {
    Path folder = startedRun(spec("evolution", 8, 1_000_000, NONE_FITS));
    FakeEvaluator fake = new FakeEvaluator();
    long start = System.nanoTime();
    SpecException e =
        assertThrows(
            SpecException.class, () -> Search.resume(folder, s -> fake, SearchTest.options(1)));
    assertTrue(System.nanoTime() - start < 20e9, "stopped in seconds");
    assertTrue(
        e.getMessage()
            .startsWith(
                "the search space has no trainable network: 0 of 1,000 draws in a row are"
                    + " trainable: 1,000 exceed constraints.maxParams 10 (e.g. "),
        e.getMessage());
    assertTrue(fake.trainings.isEmpty());
    assertEquals(
        CandidatePool.NO_TRAINABLE_NETWORK, JournalFile.read(folder).endReason().orElseThrow());
    JournalException again =
        assertThrows(
            JournalException.class, () -> Search.resume(folder, s -> fake, SearchTest.options(1)));
    assertTrue(
        again
            .getMessage()
            .endsWith("already finished (no-trainable-network); start a new run instead"),
        again.getMessage());
  }

  @Test
  void aShortRunThatDrewNothingTrainableSaysSoInsteadOfAnEmptyRanking() throws Exception {
    Path folder = startedRun(spec("random", 2, 1, NONE_FITS));
    SpecException e =
        assertThrows(
            SpecException.class,
            () -> Search.resume(folder, s -> new FakeEvaluator(), SearchTest.options(1)));
    assertTrue(
        e.getMessage()
            .matches(
                "the search space has no trainable network: 0 of \\d{3} draws of this run are"
                    + " trainable: \\d{3} exceed constraints.maxParams 10 .*"),
        e.getMessage());
  }

  @Test
  void theWallTimeHoldsWhenEveryDrawIsACacheHit() throws Exception {
    for (String strategy : List.of("evolution", "random")) {
      // One network: it trains once, then every generation is all cache hits.
      SearchSpec spec =
          SpecReader.parse(
              """
              dataset: {kind: idx, path: /data}
              input: {channels: 1, height: 28, width: 28}
              classes: 10
              blocks: {min: 1, max: 1, kernel: [3], channels: [8]}
              head: {units: [0]}
              search: {strategy: %s, population: 4, generations: 1000000,
                       maxEvaluations: 1000000, wallTimeMinutes: 1}
              """
                  .formatted(strategy),
              "test spec",
              null);
      SearchSpace space = SearchSpace.of(spec);
      FakeEvaluator fake = new FakeEvaluator();
      Path file = runs.resolve(strategy + ".jsonl");
      JournalHeader header =
          new JournalHeader(strategy, "2026-01-01T00:00:00Z", spec, Provenance.of(Map.of()));
      long start = System.nanoTime();
      try (JournalWriter journal = JournalWriter.create(file, header);
          CandidatePool pool =
              new CandidatePool(
                  space,
                  fake,
                  RungStates.off(),
                  journal,
                  List.of(),
                  List.of(),
                  -1,
                  1,
                  58.5,
                  new Search.Listener() {})) {
        // 58.5 s of the minute spent in an earlier session: 1.5 s are left.
        assertEquals("wall-time", Strategies.run(space, pool), strategy);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds >= 1.4 && seconds < 10, strategy + " took " + seconds + " s");
      assertEquals(Map.of(fake.trainings.keySet().iterator().next(), 1), fake.trainings);
    }
  }
}
