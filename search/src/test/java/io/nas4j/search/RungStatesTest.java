package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.Checkpoint;
import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.journal.RungEntry;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.spec.SearchSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promoted candidates continue from the state they left at the rung below (with a fake). */
class RungStatesTest {

  @TempDir Path runs;

  /**
   * Keeps "state" as a file holding the key and every recipe's epochs trained so far, so a test can
   * see what each training started from.
   */
  static final class StatefulFake implements Evaluator {
    final FidelityFakeEvaluator scores = new FidelityFakeEvaluator(0);

    /** key@rung-epochs -> the state it started from ("" for none). */
    final Map<String, String> startedFrom = new ConcurrentHashMap<>();

    /** key@epochs -> where it was told to save. */
    final Map<String, Optional<Path>> savedTo = new ConcurrentHashMap<>();

    @Override
    public EvaluationResult evaluate(Candidate candidate, PruningHook pruning) {
      String key = CanonicalKey.of(candidate.architecture());
      int epochs = candidate.recipe().maxEpochs();
      Checkpoint checkpoint = candidate.checkpoint();
      try {
        String before =
            checkpoint.from().isPresent() ? Files.readString(checkpoint.from().get()) : "";
        startedFrom.put(key + "@" + epochs, before);
        savedTo.put(key + "@" + epochs, checkpoint.to());
        if (checkpoint.to().isPresent()) {
          Files.createDirectories(checkpoint.to().get().getParent());
          Files.writeString(
              checkpoint.to().get(), before.isEmpty() ? key + ":" + epochs : before + "+" + epochs);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return scores.evaluate(candidate, pruning);
    }

    @Override
    public boolean keepsState() {
      return true;
    }
  }

  private Journal run(String id, String promotion, StatefulFake fake) throws Exception {
    SearchSpec spec =
        AsyncSearchTest.spec(
            "regularized",
            30,
            AsyncSearchTest.RUNGS.replace("eta: 3", "eta: 3\n  promotion: " + promotion));
    Search.start(spec, runs.resolve(id), s -> fake, SearchTest.options(1));
    return JournalFile.read(runs.resolve(id).resolve("journal.jsonl"));
  }

  @Test
  void promotedCandidatesContinueFromTheRungBelowAndTheStatesGoAtTheEnd() throws Exception {
    StatefulFake fake = new StatefulFake();
    Journal journal = run("continue", "continue", fake);
    List<RungEntry> rungs = journal.rungs();
    assertTrue(rungs.stream().anyMatch(r -> r.rung() == 2), "some candidate reached rung 2");
    for (RungEntry r : rungs) {
      assertTrue(r.continued(), r.key() + " at rung " + r.rung() + " continued");
      int epochs = r.rung() == 1 ? 4 : 8;
      String expected = r.rung() == 1 ? r.key() + ":2" : r.key() + ":2+4";
      assertEquals(expected, fake.startedFrom.get(r.key() + "@" + epochs), r.key());
    }
    // rung 0 and 1 save, the top rung does not
    fake.savedTo.forEach(
        (job, to) -> assertEquals(!job.endsWith("@8"), to.isPresent(), job + " saves"));
    assertFalse(
        Files.exists(runs.resolve("continue").resolve(RungStates.FOLDER)),
        "the states folder is deleted when the run ends");
  }

  @Test
  void restartPromotionsStartFromTheInitialWeightsAndWriteNothing() throws Exception {
    StatefulFake fake = new StatefulFake();
    Journal journal = run("restart", "restart", fake);
    assertFalse(journal.rungs().isEmpty());
    journal.rungs().forEach(r -> assertFalse(r.continued(), r.key()));
    fake.startedFrom.values().forEach(v -> assertEquals("", v));
    fake.savedTo.values().forEach(to -> assertTrue(to.isEmpty()));
  }

  @Test
  void aStateThatIsNotOnDiskMeansARestartAndFinishingARungDropsTheOneBelow() throws Exception {
    SearchSpec spec = AsyncSearchTest.spec("regularized", 30, AsyncSearchTest.RUNGS);
    Path run = runs.resolve("unit");
    RungStates states = RungStates.of(spec, run, new StatefulFake());
    Checkpoint first = states.at("k", 0);
    assertEquals(Optional.empty(), first.from());
    Path zero = first.to().orElseThrow();
    assertEquals(run.resolve("states").resolve("k-rung0.state"), zero);
    assertEquals(Optional.empty(), states.at("k", 1).from(), "no state written yet: restart");
    Files.createDirectories(zero.getParent());
    Files.writeString(zero, "x");
    assertEquals(Optional.of(zero), states.at("k", 1).from());
    assertEquals(Optional.empty(), states.at("k", 2).to(), "the top rung saves nothing");
    states.finished("k", 1);
    assertFalse(Files.exists(zero));
    states.clear();
    assertFalse(Files.exists(run.resolve("states")));
    assertEquals(
        Checkpoint.none(),
        RungStates.of(spec, run, new FidelityFakeEvaluator(0)).at("k", 1),
        "an evaluator that keeps no state gets none");
  }
}
