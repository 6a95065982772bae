package io.nas4j.search.cli;

import io.nas4j.evaluator.data.Datasets;
import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.evaluator.dl4j.SavedModels;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.result.TestScore;
import io.nas4j.space.spec.DatasetSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nas evaluate}: accuracy and confusion matrix of a saved model, or of an ensemble of saved
 * models (class probabilities averaged), on a dataset.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Score a model.zip written by nas train on a dataset's test (or training) images; with"
            + " several models, their ensemble (class probabilities averaged).")
final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec command;

  @Parameters(
      arity = "1..*",
      paramLabel = "MODEL",
      description =
          "A model.zip from nas train; several (e.g. RUN/train/1/models/*.zip) are scored as one"
              + " ensemble.")
  List<Path> models;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "SPEC|DIR",
      description = "Spec file, 'fashion-mnist' or dataset folder.")
  String data;

  @Option(
      names = "--split",
      defaultValue = "test",
      description = "test or train (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--tta",
      defaultValue = "none",
      paramLabel = "none|flip",
      converter = Converters.Tta.Converter.class,
      description =
          "Test-time augmentation: flip = average each image's prediction with its mirror"
              + " image's (for labels that survive a left-right flip; default: ${DEFAULT-VALUE}).")
  Converters.Tta tta;

  @Override
  public Integer call() throws Exception {
    if (!split.equals("test") && !split.equals("train")) {
      throw new BadInputException("--split must be test or train, but was '" + split + "'");
    }
    DatasetSpec dataset = Sources.data(data);
    for (Path model : models) {
      // Before ND4J starts (seconds, and a backend that may fail): a mistyped path is bad input.
      if (!Files.isRegularFile(model)) {
        throw new BadInputException(model + ": no such model file");
      }
    }
    Dl4jEvaluators.checkThreads(0);
    List<SavedModels.Loaded> loaded = new ArrayList<>();
    Architecture first = null;
    for (Path model : models) {
      SavedModels.Loaded one;
      try {
        one = SavedModels.read(model);
      } catch (IOException e) {
        throw new BadInputException(e.getMessage());
      }
      Architecture architecture =
          one.architecture()
              .orElseThrow(
                  () ->
                      new BadInputException(
                          model + ": not written by nas train (no nas4j architecture inside)"));
      if (first == null) {
        first = architecture;
      } else if (!architecture.input().equals(first.input())
          || architecture.classes() != first.classes()) {
        throw new BadInputException(
            "%s: input %s with %d classes, but %s has input %s with %d classes: an ensemble's"
                    .formatted(
                        model,
                        architecture.input(),
                        architecture.classes(),
                        models.get(0),
                        first.input(),
                        first.classes())
                + " models must match");
      }
      loaded.add(one);
    }
    LabeledImages images =
        Datasets.load(dataset, first.input(), first.classes(), split.equals("train"));
    TestScore score = SavedModels.evaluate(loaded, images, tta == Converters.Tta.FLIP);
    print(command.commandLine().getOut(), score, loaded);
    return Nas.OK;
  }

  private void print(PrintWriter out, TestScore score, List<SavedModels.Loaded> loaded) {
    if (loaded.size() == 1) {
      out.printf(
          "model: %s%n  %s%n",
          models.get(0), loaded.get(0).architecture().orElseThrow().notation());
    } else {
      out.printf("ensemble of %d models (class probabilities averaged):%n", loaded.size());
      for (int i = 0; i < loaded.size(); i++) {
        out.printf(
            "  %s  %s%n", models.get(i), loaded.get(i).architecture().orElseThrow().notation());
      }
    }
    out.printf("data: %s (%s split, %,d images)%n", data, split, score.images());
    out.printf(
        "accuracy %.4f   loss %.4f%s%n%n",
        score.accuracy(),
        score.loss(),
        tta == Converters.Tta.FLIP ? "   (each prediction averaged with its mirror image's)" : "");
    List<String> names = score.classNames();
    int width = Math.max(6, names.stream().mapToInt(String::length).max().orElse(1) + 1);
    out.printf("confusion matrix (rows: actual class, columns: predicted)%n");
    out.printf("%" + width + "s", "");
    for (String name : names) {
      out.printf(" %6s", name);
    }
    out.printf("  %8s%n", "accuracy");
    int[][] confusion = score.confusion();
    double[] perClass = score.perClassAccuracy();
    for (int c = 0; c < names.size(); c++) {
      out.printf("%" + width + "s", names.get(c));
      for (int v : confusion[c]) {
        out.printf(" %6d", v);
      }
      out.printf("  %8.4f%n", perClass[c]);
    }
    out.flush();
  }
}
