package io.nas4j.search.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.Provenance;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.TestScore;
import io.nas4j.space.spec.DatasetKind;
import io.nas4j.space.spec.DatasetSpec;
import io.nas4j.space.training.TrainingReport;
import io.nas4j.space.training.TrainingReportCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which ranks a rank-fidelity run trains, and which earlier trainings it reuses. */
class FidelityBenchTest {

  @TempDir Path train;

  static final Architecture ARCH =
      Architecture.of(
          Shape.of(1, 28, 28),
          Notation.parse("c3x8 relu | out10"),
          Training.of(Optimizer.ADAM, 1e-3, 64));
  static final String KEY = CanonicalKey.of(ARCH);
  static final TrainingRecipe RECIPE = TrainingRecipe.retrainDefaults(true).withMaxEpochs(7);

  /** A training of {@link #ARCH} with {@code recipe}: one seed, tested or (failed) not. */
  static TrainingReport training(TrainingRecipe recipe, boolean tested) {
    EvaluationResult result = PromotionBenchTest.ok(0.8);
    TestScore score = new TestScore(0.8, 0.4, 10, List.of("a", "b"), new int[][] {{4, 1}, {1, 4}});
    return new TrainingReport(
        TrainingReport.Kind.TRAIN,
        "2026-12-05T10:00:00Z",
        Optional.of("runs/r"),
        List.of(new TrainingReport.Trainee(KEY, ARCH, Optional.empty())),
        new TrainingReport.Data(new DatasetSpec(DatasetKind.IDX, "/data", true), 540, 60, 10, 42),
        recipe,
        false,
        1,
        List.of(
            new TrainingReport.SeedRun(
                KEY,
                1,
                result,
                tested ? Optional.of(score) : Optional.empty(),
                Optional.empty(),
                Optional.empty())),
        Optional.empty(),
        5,
        Provenance.of(Map.of()));
  }

  private void write(String folder, String text) throws Exception {
    Files.createDirectories(train.resolve(folder));
    Files.writeString(train.resolve(folder).resolve(TrainingReport.FILE), text);
  }

  @Test
  void ranksAreTheTopThenSeededDrawsFromTheRest() {
    assertEquals(List.of(1, 2, 3), FidelityBench.ranks(3, 10, 5, 1));
    List<Integer> ranks = FidelityBench.ranks(40, 10, 5, 1);
    assertEquals(15, ranks.size());
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), ranks.subList(0, 10));
    assertEquals(5, ranks.subList(10, 15).stream().filter(r -> r > 10 && r <= 40).count());
    assertEquals(ranks, FidelityBench.ranks(40, 10, 5, 1), "the same seed draws the same");
  }

  @Test
  void reusesOnlyATestedTrainingOfTheSameArchitectureAndRecipe() throws Exception {
    assertEquals(Optional.empty(), FidelityBench.earlier(train.resolve("none"), KEY, RECIPE));
    write(KEY + "-fidelity", "{ not json");
    write(KEY + "-fidelity-2", TrainingReportCodec.write(training(RECIPE, false)));
    write(KEY + "-fidelity-3", TrainingReportCodec.write(training(RECIPE.withMaxEpochs(8), true)));
    write("other-fidelity", TrainingReportCodec.write(training(RECIPE, true)));
    assertEquals(
        Optional.empty(),
        FidelityBench.earlier(train, KEY, RECIPE),
        "unreadable, untested, another recipe, another folder's key: none counts");
    write(KEY + "-fidelity-4", TrainingReportCodec.write(training(RECIPE, true)));
    assertEquals(
        Optional.of(train.resolve(KEY + "-fidelity-4")), FidelityBench.earlier(train, KEY, RECIPE));
  }
}
