package io.nas4j.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.json.Json;
import io.nas4j.space.training.TrainingReport;
import io.nas4j.space.training.TrainingReport.Accuracies;
import io.nas4j.space.training.TrainingReport.SeedRun;
import io.nas4j.space.training.TrainingReportCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A final training of the run's architectures ({@code nas train}), read from {@code
 * RUN/train/<folder>/metrics.json}, as the reports show it next to the search's figures.
 *
 * @param folder the folder's name under {@code RUN/train}
 */
public record Retraining(String folder, TrainingReport report) {

  /** The folder under a run that holds its final trainings. */
  public static final String TRAIN = "train";

  /**
   * The trainings under {@code runFolder/train}, by folder name; a folder whose {@code
   * metrics.json} cannot be read is left out and named in {@code problems} with the reason.
   */
  static List<Retraining> read(Path runFolder, List<String> problems) throws IOException {
    Path train = runFolder.resolve(TRAIN);
    if (!Files.isDirectory(train)) {
      return List.of();
    }
    List<Path> folders;
    try (Stream<Path> list = Files.list(train)) {
      folders =
          list.filter(p -> Files.isRegularFile(p.resolve(TrainingReport.FILE))).sorted().toList();
    }
    List<Retraining> out = new ArrayList<>();
    for (Path folder : folders) {
      String name = folder.getFileName().toString();
      String file = TRAIN + "/" + name + "/" + TrainingReport.FILE;
      try {
        String text = Files.readString(folder.resolve(TrainingReport.FILE), StandardCharsets.UTF_8);
        out.add(new Retraining(name, TrainingReportCodec.read(text, file)));
      } catch (IOException e) {
        problems.add(file + ": cannot be read (" + oneLine(e.getMessage()) + ")");
      } catch (IllegalArgumentException e) {
        problems.add(oneLine(e.getMessage()));
      }
    }
    return out;
  }

  /** The chosen architecture's key. */
  public String key() {
    return report.chosen().key();
  }

  /** {@code 0.8650}, or {@code 0.8650 ± 0.0071 (2 seeds)}; {@code failed} when none trained. */
  static String accuracy(Accuracies a) {
    if (a.n() == 0) {
      return "failed";
    }
    return a.n() == 1
        ? String.format(Locale.ROOT, "%.4f", a.mean())
        : String.format(Locale.ROOT, "%.4f ± %.4f (%d seeds)", a.mean(), a.sd(), a.n());
  }

  /** The ensemble's test accuracy with its size, or a dash. */
  String ensemble() {
    return report
        .ensemble()
        .map(
            e ->
                String.format(
                    Locale.ROOT,
                    "%.4f%s (%d model%s)",
                    e.test().accuracy(),
                    e.flipped()
                        .map(f -> String.format(Locale.ROOT, " / %.4f flip", f.accuracy()))
                        .orElse(""),
                    report.ensembleMembers().size(),
                    report.ensembleMembers().size() == 1 ? "" : "s"))
        .orElse("—");
  }

  /** Training images and epochs of the model, e.g. {@code 54,000 images, 41 epochs}. */
  String training() {
    return String.format(
        Locale.ROOT,
        "%,d images, %s epochs",
        report.data().trainImages(),
        report.model().map(m -> String.valueOf(m.training().epochsRun())).orElse("?"));
  }

  /**
   * The cells of a table row: folder, kind, rank, search val acc, test acc, with flip TTA,
   * ensemble, training, notation; {@code ranks} and {@code searchAccuracy} are the run's now.
   */
  List<String> cells(Map<String, Integer> ranks, Map<String, Double> searchAccuracy) {
    Accuracies flipped = report.flippedAccuracies();
    return List.of(
        folder,
        report.kind().id(),
        Optional.ofNullable(ranks.get(key())).map(String::valueOf).orElse("—"),
        Optional.ofNullable(searchAccuracy.get(key()))
            .map(a -> String.format(Locale.ROOT, "%.4f", a))
            .orElse("—"),
        accuracy(report.accuracies()),
        report.flipTest() && flipped.n() > 0
            ? String.format(Locale.ROOT, "%.4f", flipped.mean())
            : "—",
        ensemble(),
        training(),
        report.chosen().architecture().notation());
  }

  /** The figures for report.json. */
  ObjectNode toTree(Map<String, Integer> ranks) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("folder", TRAIN + "/" + folder);
    n.put("kind", report.kind().id());
    n.put("key", key());
    n.put("notation", report.chosen().architecture().notation());
    Integer rank = ranks.get(key());
    if (rank == null) {
      n.putNull("rank");
    } else {
      n.put("rank", rank);
    }
    n.put("trainImages", report.data().trainImages());
    Accuracies plain = report.accuracies();
    n.put("seedsTrained", plain.n());
    number(n, "testAccuracyMean", plain.mean());
    number(n, "testAccuracySd", plain.sd());
    if (report.flipTest()) {
      number(n, "flipAveragedTestAccuracyMean", report.flippedAccuracies().mean());
    }
    report
        .ensemble()
        .ifPresent(
            e -> {
              ObjectNode ensemble = n.putObject("ensemble");
              ensemble.put("models", report.ensembleMembers().size());
              ArrayNode keys = ensemble.putArray("keys");
              report.ensembleMembers().stream().map(SeedRun::key).distinct().forEach(keys::add);
              ensemble.put("testAccuracy", e.test().accuracy());
              e.flipped().ifPresent(f -> ensemble.put("flipAveragedTestAccuracy", f.accuracy()));
            });
    return n;
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static String oneLine(String message) {
    String text = String.valueOf(message).strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
