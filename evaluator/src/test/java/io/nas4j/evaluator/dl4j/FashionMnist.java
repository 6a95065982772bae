package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nas4j.evaluator.data.DatasetException;
import io.nas4j.evaluator.data.IdxReader;
import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.evaluator.data.Splits;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small real Fashion-MNIST splits for integration tests, loaded once per JVM. */
final class FashionMnist {

  static final Path FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

  private static LabeledImages all;

  private FashionMnist() {}

  /** Skips the calling test, with the reason, when Debian's dataset is not installed. */
  static synchronized LabeledImages training() throws DatasetException {
    assumeTrue(
        Files.isDirectory(FOLDER),
        "Fashion-MNIST is missing from " + FOLDER + ": apt-get install dataset-fashion-mnist");
    if (all == null) {
      all = IdxReader.read(FOLDER, true, 10);
    }
    return all;
  }

  static TrainingData split(int train, int validation, long seed) throws DatasetException {
    return TrainingData.of(Splits.trainValidation(training(), train, validation, seed));
  }
}
