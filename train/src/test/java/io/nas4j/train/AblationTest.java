package io.nas4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.reports.Answers;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.ablation.AblationJournal;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.spec.DatasetKind;
import io.nas4j.space.spec.DatasetSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ablation's orchestration with an instant fake backend: pairs, journal, resume. */
class AblationTest {

  @TempDir Path dir;

  static final DatasetSpec DATA = new DatasetSpec(DatasetKind.IDX, "/data", false);
  static final Architecture BASE = Fixtures.arch("c3x16 bn relu | max2 | d64 relu | out10");
  static final String K5 =
      CanonicalKey.of(Fixtures.arch("c5x16 bn relu | max2 | d64 relu | out10"));
  static final String K7 =
      CanonicalKey.of(Fixtures.arch("c7x16 bn relu | max2 | d64 relu | out10"));

  private static Ablation.Plan plan(List<String> questions, List<Long> seeds, long deadline) {
    return new Ablation.Plan(
        "a1",
        BASE,
        questions,
        TrainingRecipe.retrainDefaults(false).withMaxEpochs(4),
        DATA,
        42,
        seeds,
        2,
        deadline);
  }

  private static FakeModelTrainer fake() {
    return new FakeModelTrainer(Map.of(CanonicalKey.of(BASE), 0.80, K5, 0.83, K7, 0.80), Set.of());
  }

  @Test
  void trainsTheBaseAndEachVariantWithEverySeedAndAnswersInPairs() throws Exception {
    FakeModelTrainer fake = fake();
    Answers.Ablation result =
        Ablation.run(
            plan(List.of("kernel", "bias-bn"), List.of(1L, 2L, 3L), Long.MAX_VALUE),
            fake,
            dir.resolve("a1"),
            Ablation.Listener.NONE);
    assertEquals(4 * 3, fake.trained.size(), "base + kernel 5 + kernel 7 + no bias, 3 seeds");
    assertEquals(12, result.trainings());
    Answers.Answer k5 = result.answers().get(0);
    assertEquals("kernel 5", k5.variant().orElseThrow());
    assertEquals(3, k5.n());
    assertEquals(0.03, k5.mean(), 1e-9);
    assertTrue(k5.shown(), k5.sentence());
    assertTrue(
        k5.sentence()
            .startsWith("kernel 3 vs 5 vs 7: kernel 5 changed validation accuracy by +3.00 points"),
        k5.sentence());
    Answers.Answer k7 = result.answers().get(1);
    assertFalse(k7.shown());
    assertTrue(k7.sentence().contains("no difference shown at this budget"), k7.sentence());
    // the journal holds the header and one line per training, each forced to the disk
    List<String> lines =
        Files.readAllLines(dir.resolve("a1/journal.jsonl"), StandardCharsets.UTF_8);
    assertEquals(13, lines.size());
  }

  @Test
  void aStoppedAblationResumesWithoutRetrainingAnythingFinished() throws Exception {
    Path folder = dir.resolve("a1");
    FakeModelTrainer first = fake();
    Ablation.run(
        plan(List.of("kernel"), List.of(1L, 2L), Long.MAX_VALUE),
        first,
        folder,
        Ablation.Listener.NONE);
    // cut: keep the header and 2 of 6 trainings, then a torn line as a kill leaves it
    List<String> lines = Files.readAllLines(folder.resolve(AblationJournal.NAME));
    Files.writeString(
        folder.resolve(AblationJournal.NAME),
        String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(3).substring(0, 40),
        StandardCharsets.UTF_8);
    FakeModelTrainer second = fake();
    Answers.Ablation resumed =
        Ablation.run(
            plan(List.of("kernel"), List.of(1L, 2L), Long.MAX_VALUE),
            second,
            folder,
            Ablation.Listener.NONE);
    assertEquals(4, second.trained.size(), "only the 4 missing trainings");
    assertEquals(6, resumed.trainings());
    assertEquals(2, resumed.answers().get(0).n());
    // nothing left: a third run trains nothing
    FakeModelTrainer third = fake();
    Ablation.run(
        plan(List.of("kernel"), List.of(1L, 2L), Long.MAX_VALUE),
        third,
        folder,
        Ablation.Listener.NONE);
    assertEquals(0, third.trained.size());
  }

  @Test
  void aPassedDeadlineStartsNothingAndAnotherExperimentIsRefused() throws Exception {
    Path folder = dir.resolve("a1");
    FakeModelTrainer fake = fake();
    Answers.Ablation none =
        Ablation.run(
            plan(List.of("kernel"), List.of(1L), System.nanoTime() - 1),
            fake,
            folder,
            Ablation.Listener.NONE);
    assertEquals(0, fake.trained.size());
    assertEquals(0, none.answers().get(0).n());
    assertTrue(
        none.answers().get(0).sentence().endsWith("not trained yet"),
        none.answers().get(0).sentence());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Ablation.run(
                    plan(List.of("width"), List.of(1L), Long.MAX_VALUE),
                    fake,
                    folder,
                    Ablation.Listener.NONE));
    assertTrue(e.getMessage().contains("holds another ablation"), e.getMessage());
  }
}
