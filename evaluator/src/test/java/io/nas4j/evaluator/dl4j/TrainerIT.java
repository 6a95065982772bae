package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.Checkpoint;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import io.nas4j.space.recipe.RateSchedule;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerIT {

  private static TrainingData data;

  @BeforeAll
  static void load() throws Exception {
    data = FashionMnist.split(2000, 1000, 1);
  }

  static Architecture arch(String notation, Optimizer optimizer, double lr) {
    return Architecture.of(
        Shape.of(1, 28, 28), Notation.parse(notation), Training.of(optimizer, lr, 64));
  }

  static TrainingRecipe budget(int epochs, int patience, double minDelta, int seconds) {
    return TrainingRecipe.searchDefaults()
        .withTrainSize(OptionalInt.of(2000))
        .withValSize(OptionalInt.of(1000))
        .withMaxEpochs(epochs)
        .withPatience(OptionalInt.of(patience))
        .withMinDelta(minDelta)
        .withTimeLimitSeconds(OptionalInt.of(seconds));
  }

  @Test
  void smallCnnLearnsFashionMnistInTwoEpochs() {
    Trainer trainer = new Trainer(data, Trainer.Options.defaults());
    Trainer.Outcome outcome =
        trainer.train(
            new Candidate(
                arch(
                    "c3x16 relu | max2 | c3x32 relu | max2 | d64 relu | out10",
                    Optimizer.ADAM,
                    1e-3),
                budget(2, 2, 0, 600),
                7),
            PruningHook.never());
    EvaluationResult r = outcome.result();
    assertEquals(Status.OK, r.status(), r.error().orElse(""));
    assertEquals(2, r.epochsRun());
    assertTrue(r.bestValAccuracy() > 0.70, "accuracy " + r.bestValAccuracy());
    assertEquals(
        r.bestValAccuracy(), trainer.validate(outcome.network().orElseThrow()).accuracy(), 1e-9);
  }

  private static final String TINY = "c3x8 relu | max2 | d32 relu | out10";

  private static EvaluationResult run(
      String notation, double lr, TrainingRecipe budget, long seed, PruningHook hook) {
    return new Trainer(data, Trainer.Options.defaults())
        .train(new Candidate(arch(notation, Optimizer.ADAM, lr), budget, seed), hook)
        .result();
  }

  @Test
  void patienceStopsWhenAccuracyDoesNotImproveByMinDelta() {
    // minDelta 0.5: epoch 1 sets the reference, epoch 2 cannot beat it by 0.5 -> stop after 2.
    EvaluationResult r = run(TINY, 1e-3, budget(6, 1, 0.5, 600), 1, PruningHook.never());
    assertEquals(Status.OK, r.status());
    assertEquals("patience", r.stopReason());
    assertEquals(2, r.epochsRun());
    EvaluationResult patient = run(TINY, 1e-3, budget(6, 3, 0.5, 600), 1, PruningHook.never());
    assertEquals(4, patient.epochsRun());
  }

  @Test
  void plateauDecayLowersTheLearningRateAfterEachEpochWithoutAGain() {
    // minDelta 0.5: only epoch 1 counts as a gain, so epochs 2 and 3 each halve the rate.
    Candidate candidate =
        new Candidate(arch(TINY, Optimizer.ADAM, 1e-3), budget(3, 5, 0.5, 600), 1);
    Trainer.Outcome decayed =
        new Trainer(data, Trainer.Options.defaults())
            .train(
                new Candidate(
                    candidate.architecture(),
                    candidate.recipe().withSchedule(RateSchedule.PLATEAU).withPlateauFactor(0.5),
                    1),
                PruningHook.never());
    assertEquals(3, decayed.result().epochsRun());
    assertEquals(0.25e-3, rate(decayed), 1e-12);
    Trainer.Outcome constant =
        new Trainer(data, Trainer.Options.defaults()).train(candidate, PruningHook.never());
    assertEquals(1e-3, rate(constant), 1e-12);
    // Epoch 1 is trained at the same rate either way; later epochs differ.
    assertEquals(
        constant.result().curve().get(0).valAccuracy(),
        decayed.result().curve().get(0).valAccuracy());
    assertNotEquals(constant.result().curve().get(2), decayed.result().curve().get(2));
  }

  @Test
  void cosineScheduleDecaysTheLearningRateToNearZeroOverTheEpochs() {
    // 2,000 images in batches of 64 = 32 per epoch, 3 epochs = 96 batches; the rate is set every
    // 10 batches, last at batch 90 (no time limit in sight, so the plan is the 96 batches).
    TrainingRecipe budget = budget(3, 5, 0, 600);
    Candidate candidate =
        new Candidate(
            arch(TINY, Optimizer.ADAM, 1e-3), budget.withSchedule(RateSchedule.COSINE), 1);
    Trainer.Outcome cosine =
        new Trainer(data, Trainer.Options.defaults()).train(candidate, PruningHook.never());
    assertEquals(3, cosine.result().epochsRun());
    assertEquals("max-epochs", cosine.result().stopReason());
    assertEquals(1e-3 * 0.5 * (1 + Math.cos(Math.PI * 90 / 96)), rate(cosine), 1e-12);
    Trainer.Outcome constant =
        new Trainer(data, Trainer.Options.defaults())
            .train(new Candidate(candidate.architecture(), budget, 1), PruningHook.never());
    assertEquals(1e-3, rate(constant), 1e-12);
    assertNotEquals(constant.result().curve().get(2), cosine.result().curve().get(2));
  }

  @Test
  void cosineScheduleFitsWholeEpochsIntoTheTimeLimit() {
    // Up to 1,000 epochs but 8 seconds: the plan shrinks to the epochs that fit, the rate is
    // annealed by the end, and training stops at an epoch's end, not in the middle of one.
    Trainer.Outcome outcome =
        new Trainer(data, Trainer.Options.defaults())
            .train(
                new Candidate(
                    arch(TINY, Optimizer.ADAM, 1e-3),
                    budget(1000, 1000, 0, 8).withSchedule(RateSchedule.COSINE),
                    1),
                PruningHook.never());
    EvaluationResult r = outcome.result();
    assertEquals(Status.OK, r.status(), r.error().orElse(""));
    assertEquals("time-limit", r.stopReason());
    assertTrue(r.epochsRun() >= 2, "epochs " + r.epochsRun());
    double rate = rate(outcome);
    assertTrue(rate < 0.3e-3, "final learning rate " + rate);
  }

  @Test
  void bestEpochIsTheMaximumOfTheCurveAndItsWeightsAreReturned() {
    Trainer trainer = new Trainer(data, Trainer.Options.defaults());
    // A learning rate this high makes validation accuracy jump around, so the best epoch is
    // usually not the last one; the restored weights must score exactly the best value.
    Trainer.Outcome outcome =
        trainer.train(
            new Candidate(arch(TINY, Optimizer.ADAM, 0.02), budget(5, 5, 0, 600), 5),
            PruningHook.never());
    EvaluationResult r = outcome.result();
    assertEquals(5, r.epochsRun());
    double max = r.curve().stream().mapToDouble(e -> e.valAccuracy()).max().orElseThrow();
    assertEquals(max, r.bestValAccuracy());
    assertEquals(r.curve().indexOf(r.best().orElseThrow()) + 1, r.bestEpoch().orElseThrow());
    assertEquals(max, trainer.validate(outcome.network().orElseThrow()).accuracy(), 1e-12);
    assertEquals(
        r.best().orElseThrow().valLoss(),
        trainer.validate(outcome.network().orElseThrow()).loss(),
        1e-6);
  }

  @Test
  void sameCandidateSameCurve() {
    EvaluationResult a = run(TINY, 1e-3, budget(2, 2, 0, 600), 9, PruningHook.never());
    EvaluationResult b = run(TINY, 1e-3, budget(2, 2, 0, 600), 9, PruningHook.never());
    assertEquals(
        a.curve().stream().map(e -> List.of(e.valAccuracy(), e.valLoss(), e.trainLoss())).toList(),
        b.curve().stream().map(e -> List.of(e.valAccuracy(), e.valLoss(), e.trainLoss())).toList());
    EvaluationResult c = run(TINY, 1e-3, budget(2, 2, 0, 600), 10, PruningHook.never());
    assertNotEquals(a.curve().get(0).valLoss(), c.curve().get(0).valLoss());
  }

  @Test
  void pruningStopsAfterTheEpochAndKeepsTheCurve() {
    EvaluationResult r = run(TINY, 1e-3, budget(5, 5, 0, 600), 1, (epoch, acc) -> epoch == 2);
    assertEquals(Status.PRUNED, r.status());
    assertEquals("pruned", r.stopReason());
    assertEquals(2, r.curve().size());
    assertTrue(r.bestValAccuracy() > 0);
  }

  @Test
  void hugeLearningRateDivergesAndTheNextCandidateTrainsFine() {
    EvaluationResult bad = run(TINY, 1e3, budget(2, 2, 0, 600), 1, PruningHook.never());
    assertEquals(Status.FAILED, bad.status());
    assertEquals("diverged", bad.stopReason());
    assertTrue(bad.error().orElseThrow().startsWith("diverged: training loss"), bad.error().get());
    EvaluationResult good = run(TINY, 1e-3, budget(1, 1, 0, 600), 1, PruningHook.never());
    assertEquals(Status.OK, good.status());
    assertTrue(good.bestValAccuracy() > 0.5);
  }

  @Test
  void oversizedCandidateFailsAsOutOfMemoryAndTheJvmStaysUsable() {
    String huge = "c15x4096 relu | c15x4096 relu | c15x4096 relu | out10";
    EvaluationResult r =
        new Trainer(data, Trainer.Options.defaults())
            .train(
                new Candidate(
                    Architecture.of(
                        Shape.of(1, 28, 28),
                        Notation.parse(huge),
                        Training.of(Optimizer.ADAM, 1e-3, 4096)),
                    budget(1, 1, 0, 600),
                    1),
                PruningHook.never())
            .result();
    assertEquals(Status.FAILED, r.status());
    assertEquals("out-of-memory", r.stopReason());
    assertTrue(
        r.error().orElseThrow().startsWith("out of memory: training needs about"), r.error().get());
    assertEquals(Status.OK, run(TINY, 1e-3, budget(1, 1, 0, 600), 1, PruningHook.never()).status());
  }

  @Test
  void timeLimitBeforeTheFirstEpochEndsIsTooSlow() {
    EvaluationResult r =
        run("c5x128 relu | c5x128 relu | out10", 1e-3, budget(3, 3, 0, 1), 1, PruningHook.never());
    assertEquals(Status.FAILED, r.status());
    assertEquals("too-slow", r.stopReason());
    assertTrue(
        r.error().orElseThrow().startsWith("too slow: time limit 1 s reached in epoch 1 after"));
  }

  @Test
  void invalidArchitectureIsNeverBuilt() {
    EvaluationResult r =
        run(
            "c5x8v | c5x8v | c5x8v | c5x8v | c5x8v | c5x8v | c5x8v | out10",
            1e-3,
            budget(1, 1, 0, 600),
            1,
            PruningHook.never());
    assertEquals(Status.INVALID, r.status());
    assertTrue(r.error().orElseThrow().startsWith("layer 6 (c5x8v): output 0x0"), r.error().get());
  }

  /**
   * A training with weight decay reports the data's loss alone: DL4J's score adds the decay's
   * penalty (here far larger than the loss), which would otherwise read as divergence.
   */
  @Test
  void weightDecayTrainsAndReportsTheLossOnTheDataAlone() {
    Candidate candidate = new Candidate(arch(TINY, Optimizer.ADAM, 3e-3), budget(2, 5, 0, 600), 1);
    Trainer.Outcome plain =
        new Trainer(data, Trainer.Options.defaults()).train(candidate, PruningHook.never());
    Trainer.Outcome decayed =
        new Trainer(data, Trainer.Options.defaults())
            .train(
                new Candidate(candidate.architecture(), candidate.recipe().withWeightDecay(0.5), 1),
                PruningHook.never());
    assertEquals(Status.OK, decayed.result().status(), decayed.result().error().orElse(""));
    double penalty = decayed.network().orElseThrow().regularizationScore();
    assertTrue(penalty > 1, "penalty " + penalty);
    for (int epoch = 0; epoch < 2; epoch++) {
      double withDecay = decayed.result().curve().get(epoch).trainLoss();
      double without = plain.result().curve().get(epoch).trainLoss();
      assertEquals(without, withDecay, 0.3, "epoch " + (epoch + 1));
    }
  }

  /**
   * With {@code emaDecay} the trained weights follow exactly the trajectory they follow without it
   * (each epoch's {@code trainedValAccuracy} is the plain run's validation accuracy), while the
   * curve, the best epoch and the returned network are the average's.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "c3x8 bn relu | max2 | d32 relu | out10",
        "c3x8 bn relu | res(c3x8 bn relu | c3x8 bn) relu | max2 | d32 relu | out10"
      })
  void aWeightAverageIsValidatedAndKeptWithoutChangingTheTraining(String notation) {
    Candidate plain = new Candidate(arch(notation, Optimizer.ADAM, 3e-3), budget(3, 3, 0, 600), 4);
    Trainer trainer = new Trainer(data, Trainer.Options.defaults());
    Trainer.Outcome without = trainer.train(plain, PruningHook.never());
    Trainer.Outcome with =
        trainer.train(
            new Candidate(plain.architecture(), plain.recipe().withEmaDecay(0.9), 4),
            PruningHook.never());
    EvaluationResult a = without.result();
    EvaluationResult b = with.result();
    assertEquals(Status.OK, b.status(), b.error().orElse(""));
    assertEquals(3, b.epochsRun());
    assertTrue(a.curve().stream().allMatch(e -> e.trainedValAccuracy().isEmpty()));
    boolean differs = false;
    for (int i = 0; i < 3; i++) {
      assertEquals(a.curve().get(i).trainLoss(), b.curve().get(i).trainLoss(), "epoch " + (i + 1));
      assertEquals(
          a.curve().get(i).valAccuracy(),
          b.curve().get(i).trainedValAccuracy().orElseThrow(),
          "epoch " + (i + 1));
      differs |= b.curve().get(i).valAccuracy() != a.curve().get(i).valAccuracy();
    }
    assertTrue(differs, "the average scores as the trained weights in every epoch: " + b.curve());
    assertTrue(b.bestValAccuracy() > 0.4, "the average learned (guessing: 0.1): " + b.curve());
    Network kept = with.network().orElseThrow();
    assertEquals(b.bestValAccuracy(), trainer.validate(kept).accuracy(), 1e-12);
    assertEquals(b.best().orElseThrow().valLoss(), trainer.validate(kept).loss(), 1e-6);
    assertNotEquals(without.network().orElseThrow().params(), kept.params());
  }

  @Test
  void aTrainingLeavesItsStateAndAnotherContinuesFromIt(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("states").resolve("tiny-rung0.state");
    TrainingRecipe oneEpoch = budget(1, 1, 0, 600);
    Trainer trainer = new Trainer(data, Trainer.Options.defaults());
    Architecture tiny = arch(TINY, Optimizer.ADAM, 1e-3);
    Trainer.Outcome first =
        trainer.train(
            new Candidate(tiny, oneEpoch, 5, new Checkpoint(Optional.empty(), Optional.of(state))),
            PruningHook.never());
    assertEquals(Status.OK, first.result().status());
    assertTrue(Files.isRegularFile(state));
    Network trained = first.network().orElseThrow();

    Network fresh = Network.build(tiny, 5, 0);
    assertNotEquals(trained.params(), fresh.params());
    TrainingState.load(fresh, state);
    assertEquals(trained.params(), fresh.params());
    assertEquals(trained.updaterState(), fresh.updaterState());
    assertTrue(trained.iterations() > 0);
    assertEquals(trained.iterations(), fresh.iterations());
    assertEquals(trained.epochs(), fresh.epochs());

    EvaluationResult continued =
        trainer
            .train(
                new Candidate(
                    tiny, oneEpoch, 5, new Checkpoint(Optional.of(state), Optional.empty())),
                PruningHook.never())
            .result();
    assertEquals(Status.OK, continued.status(), continued.error().orElse(""));
    assertTrue(
        continued.bestValAccuracy() > first.result().bestValAccuracy(),
        "a second epoch on top of the first: "
            + continued.bestValAccuracy()
            + " against "
            + first.result().bestValAccuracy());

    EvaluationResult other =
        trainer
            .train(
                new Candidate(
                    arch("c3x4 relu | max2 | d32 relu | out10", Optimizer.ADAM, 1e-3),
                    oneEpoch,
                    5,
                    new Checkpoint(Optional.of(state), Optional.empty())),
                PruningHook.never())
            .result();
    assertEquals(Status.FAILED, other.status());
    assertTrue(
        other.error().orElseThrow().startsWith("cannot continue from " + state + ": "),
        other.error().orElseThrow());
  }

  /** The learning rate of a chain's first layer. */
  private static double rate(Trainer.Outcome outcome) {
    return ((Network.Chain) outcome.network().orElseThrow()).network().getLearningRate(0);
  }
}
