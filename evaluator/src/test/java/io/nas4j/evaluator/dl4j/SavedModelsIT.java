package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.evaluator.data.IdxReader;
import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.evaluator.data.Splits;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.recipe.Augmentation;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.TestScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SavedModelsIT {

  @TempDir Path dir;

  /**
   * A network with residual and multi-branch blocks trains as a DL4J graph, leaves a training state
   * another network continues from, and its model file reads back in nas4j and in plain DL4J with
   * the same scores.
   */
  @Test
  void aGraphTrainsSavesItsStateAndItsModelLoadsInPlainDl4j() throws Exception {
    TrainingData data = FashionMnist.split(1500, 500, 2);
    Architecture arch =
        TrainerIT.arch(
            "c3x8 bn relu | res(c3x8 bn relu | c3x8 bn) relu | br(c1x8 relu; max3s1p | c1x4 relu)"
                + " | max2 | d32 relu | out10",
            Optimizer.ADAM,
            3e-3);
    Path state = dir.resolve("graph.state");
    Trainer.Outcome outcome =
        new Trainer(data, Trainer.Options.defaults())
            .train(
                new Candidate(
                    arch,
                    recipe(1500, 500, 2),
                    3,
                    new io.nas4j.evaluator.Checkpoint(Optional.empty(), Optional.of(state))),
                PruningHook.never());
    assertEquals(io.nas4j.space.result.Status.OK, outcome.result().status(), outcome.toString());
    Network network = outcome.network().orElseThrow();
    assertTrue(network instanceof Network.Graph);
    assertEquals(
        io.nas4j.space.arch.Analysis.of(arch).params(), network.numParams(), "the cost model");
    Network fresh = Network.build(arch, 3, 0);
    TrainingState.load(fresh, state);
    assertEquals(network.params(), fresh.params());
    assertEquals(network.updaterState(), fresh.updaterState());
    assertEquals(network.iterations(), fresh.iterations());

    LabeledImages test = Splits.subset(IdxReader.read(FashionMnist.FOLDER, false, 10), 500, 4);
    TestScore before = SavedModels.evaluate(network, data.normalizer(1), test);
    assertTrue(before.accuracy() > 0.5, "test accuracy " + before.accuracy() + ", " + outcome);
    Path zip = dir.resolve("graph.zip");
    SavedModels.write(zip, network, data.normalizer(1), arch);
    SavedModels.Loaded loaded = SavedModels.read(zip);
    assertEquals(arch, loaded.architecture().orElseThrow());
    assertEquals(
        before.accuracy(),
        SavedModels.evaluate(loaded.network(), loaded.normalizer(), test).accuracy());

    var plain =
        org.deeplearning4j.util.ModelSerializer.restoreComputationGraphAndNormalizer(
            zip.toFile(), false);
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 28, 28).muli(255);
    INDArray y = x.dup();
    ((org.nd4j.linalg.dataset.api.preprocessor.DataNormalization) plain.getSecond()).transform(x);
    data.normalizer(1).transform(y);
    assertEquals(network.output(y), plain.getFirst().outputSingle(x));
  }

  /**
   * A model trained with shift + flip augmentation is written with its normaliser and architecture;
   * read back, it scores the test images exactly as before, and its normaliser reproduces the
   * training normalisation (validation accuracy through both paths agrees).
   */
  @Test
  void writtenModelReadsBackAndScoresTheSame() throws Exception {
    TrainingData data = FashionMnist.split(1500, 500, 2);
    Architecture arch =
        TrainerIT.arch("c3x8 bn relu | max2 | d32 relu | out10", Optimizer.ADAM, 2e-3);
    Trainer.Outcome outcome =
        new Trainer(data, Trainer.Options.defaults())
            .train(
                new Candidate(
                    arch, recipe(1500, 500, 2).withAugmentation(Augmentation.of(2, true, 0)), 3),
                PruningHook.never(),
                score -> {});
    Network network = outcome.network().orElseThrow();
    LabeledImages test = Splits.subset(IdxReader.read(FashionMnist.FOLDER, false, 10), 1000, 4);
    TestScore before = SavedModels.evaluate(network, data.normalizer(1), test);
    assertTrue(before.accuracy() > 0.6, "test accuracy " + before.accuracy());

    Path zip = dir.resolve("model.zip");
    SavedModels.write(zip, network, data.normalizer(1), arch);
    SavedModels.Loaded loaded = SavedModels.read(zip);
    assertEquals(arch, loaded.architecture().orElseThrow());
    TestScore after = SavedModels.evaluate(loaded.network(), loaded.normalizer(), test);
    assertEquals(before.accuracy(), after.accuracy());
    assertEquals(before.loss(), after.loss());
    for (int c = 0; c < 10; c++) {
      assertArrayEquals(before.confusion()[c], after.confusion()[c]);
    }
    int total = 0;
    for (int[] row : after.confusion()) {
      for (int n : row) {
        total += n;
      }
    }
    assertEquals(1000, total);
    assertEquals(after.accuracy(), mean(after.perClassAccuracy()), 0.05);
    try (var files = Files.list(dir)) {
      assertEquals(List.of(zip), files.toList(), "no temporary files left");
    }
  }

  /**
   * Flip test-time augmentation averages an image's prediction with its mirror image's, so scoring
   * the mirrored test set gives exactly the same result as scoring the test set itself; without it
   * the two differ. The network was trained without flips, so the averaged score is a real change.
   */
  @Test
  void flipAveragingScoresAnImageAndItsMirrorAlike() throws Exception {
    TrainingData data = FashionMnist.split(1500, 500, 5);
    Architecture arch = TrainerIT.arch("c3x8 relu | max2 | d32 relu | out10", Optimizer.ADAM, 2e-3);
    Network network =
        new Trainer(data, Trainer.Options.defaults())
            .train(new Candidate(arch, recipe(1500, 500, 2), 3), PruningHook.never())
            .network()
            .orElseThrow();
    LabeledImages test = Splits.subset(IdxReader.read(FashionMnist.FOLDER, false, 10), 1000, 6);
    LabeledImages mirrored = mirror(test);
    var normalizer = data.normalizer(1);

    TestScore plain = SavedModels.evaluate(network, normalizer, test);
    TestScore plainOfMirrored = SavedModels.evaluate(network, normalizer, mirrored);
    TestScore averaged = SavedModels.evaluate(network, normalizer, test, true);
    TestScore averagedOfMirrored = SavedModels.evaluate(network, normalizer, mirrored, true);

    assertEquals(averaged.accuracy(), averagedOfMirrored.accuracy());
    assertEquals(averaged.loss(), averagedOfMirrored.loss(), 1e-6);
    for (int c = 0; c < 10; c++) {
      assertArrayEquals(averaged.confusion()[c], averagedOfMirrored.confusion()[c]);
    }
    assertTrue(plain.loss() != plainOfMirrored.loss(), "a net is not mirror-symmetric");
    assertTrue(averaged.accuracy() > 0.6, "flip-averaged accuracy " + averaged.accuracy());
    assertTrue(
        averaged.loss() < (plain.loss() + plainOfMirrored.loss()) / 2,
        "averaging probabilities lowers the mean cross-entropy (Jensen): "
            + averaged.loss()
            + " vs "
            + plain.loss()
            + ", "
            + plainOfMirrored.loss());
  }

  /**
   * An ensemble averages its models' class probabilities: the same model twice scores exactly as
   * the model alone, and two differently seeded models give a mean cross-entropy below the mean of
   * their own (Jensen), plainly and with flip TTA.
   */
  @Test
  void ensembleAveragesTheModelsProbabilities() throws Exception {
    TrainingData data = FashionMnist.split(1500, 500, 5);
    Architecture arch = TrainerIT.arch("c3x8 relu | max2 | d32 relu | out10", Optimizer.ADAM, 2e-3);
    var normalizer = data.normalizer(1);
    List<SavedModels.Loaded> models = new ArrayList<>();
    for (long seed : new long[] {3, 4}) {
      Network network =
          new Trainer(data, Trainer.Options.defaults())
              .train(new Candidate(arch, recipe(1500, 500, 2), seed), PruningHook.never())
              .network()
              .orElseThrow();
      models.add(new SavedModels.Loaded(network, normalizer, Optional.of(arch)));
    }
    LabeledImages test = Splits.subset(IdxReader.read(FashionMnist.FOLDER, false, 10), 1000, 6);
    SavedModels.Loaded a = models.get(0);
    for (boolean mirrored : new boolean[] {false, true}) {
      TestScore alone = SavedModels.evaluate(a.network(), normalizer, test, mirrored);
      TestScore twice = SavedModels.evaluate(List.of(a, a), test, mirrored);
      assertEquals(alone.accuracy(), twice.accuracy());
      assertEquals(alone.loss(), twice.loss(), 1e-6);
      for (int c = 0; c < 10; c++) {
        assertArrayEquals(alone.confusion()[c], twice.confusion()[c]);
      }
      TestScore other = SavedModels.evaluate(models.get(1).network(), normalizer, test, mirrored);
      TestScore both = SavedModels.evaluate(models, test, mirrored);
      assertTrue(
          both.loss() < (alone.loss() + other.loss()) / 2,
          "ensemble loss " + both.loss() + " vs " + alone.loss() + ", " + other.loss());
      assertTrue(both.accuracy() > 0.6, "ensemble accuracy " + both.accuracy());
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SavedModels.evaluate(List.of(), test, false));
    assertEquals("an ensemble needs at least one model, but had none", e.getMessage());
  }

  @Test
  void mirrorReversesEveryRow() {
    float[] values = {1, 2, 3, 4, 5, 6};
    assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, SavedModels.mirror(values, 2, 3));
    assertArrayEquals(new float[] {2, 1, 4, 3, 6, 5}, SavedModels.mirror(values, 3, 2));
  }

  /** {@code images} with every image mirrored left-right. */
  private static LabeledImages mirror(LabeledImages images) {
    int channels = images.shape().channels();
    int height = images.shape().height();
    int width = images.shape().width();
    int size = (int) images.shape().size();
    byte[] pixels = new byte[images.size() * size];
    int[] labels = new int[images.size()];
    for (int i = 0; i < images.size(); i++) {
      labels[i] = images.label(i);
      for (int c = 0; c < channels; c++) {
        for (int r = 0; r < height; r++) {
          for (int col = 0; col < width; col++) {
            int row = (c * height + r) * width;
            pixels[i * size + row + col] = (byte) images.pixel(i, row + width - 1 - col);
          }
        }
      }
    }
    return LabeledImages.of(images.shape(), pixels, labels, images.classNames());
  }

  @Test
  void unreadableModelFilesNameTheFile() throws IOException {
    Path missing = dir.resolve("nope.zip");
    IOException e = assertThrows(IOException.class, () -> SavedModels.read(missing));
    assertEquals(missing + ": no such model file", e.getMessage());
    Path text = Files.writeString(dir.resolve("model.zip"), "not a zip");
    e = assertThrows(IOException.class, () -> SavedModels.read(text));
    assertEquals(text + ": not a DL4J model file (zip END header not found)", e.getMessage());
  }

  private static double mean(double[] values) {
    List<Double> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    return list.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  static TrainingRecipe recipe(int train, int validation, int epochs) {
    return TrainingRecipe.searchDefaults()
        .withTrainSize(OptionalInt.of(train))
        .withValSize(OptionalInt.of(validation))
        .withMaxEpochs(epochs)
        .withPatience(OptionalInt.of(epochs))
        .withMinDelta(0)
        .withTimeLimitSeconds(OptionalInt.of(600));
  }
}
