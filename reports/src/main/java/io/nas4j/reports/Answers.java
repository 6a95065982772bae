package io.nas4j.reports;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.ablation.AblationJournal;
import io.nas4j.space.ablation.Question;
import io.nas4j.space.ablation.Variant;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.journal.JournalException;
import io.nas4j.space.result.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The answers of an ablation ({@code nas ablate}): for each variant of each question, the paired
 * difference of validation accuracy against the base over the seeds both trained with (variant
 * minus base, seed by seed), its mean with a 95% paired-t interval and, with fewer than {@value
 * #BOOTSTRAP_BELOW} pairs, a 95% bootstrap interval of the mean as well; the change in MACs and
 * parameters; and one sentence. A difference whose t interval spans zero is "no difference shown at
 * this budget", never a direction.
 */
public final class Answers {

  /** Below this many pairs a bootstrap interval is given next to the t interval. */
  static final int BOOTSTRAP_BELOW = 10;

  /** Resamples of every bootstrap interval. */
  public static final int RESAMPLES = 2000;

  /** One ablation folder: its header, its answers, its trainings' time. */
  public record Ablation(
      String folder,
      AblationJournal.Header header,
      List<Answer> answers,
      int trainings,
      double trainingSeconds) {
    public Ablation {
      answers = List.copyOf(answers);
    }
  }

  /**
   * One variant's answer (or, with {@code variant} empty, a question that does not apply or has no
   * trainable variant: {@code sentence} says why).
   *
   * @param n pairs (seeds both the base and the variant trained with)
   * @param mean mean paired difference (variant minus base), NaN without pairs
   * @param low lower bound of the 95% paired-t interval (NaN with fewer than 2 pairs)
   * @param bootstrap the 95% bootstrap interval of the mean, with 2 to 9 pairs
   * @param seconds the variant's training time
   */
  public record Answer(
      Question question,
      Optional<String> variant,
      int n,
      double mean,
      double low,
      double high,
      Optional<double[]> bootstrap,
      long macsBase,
      long macsVariant,
      long paramsBase,
      long paramsVariant,
      double seconds,
      String sentence) {

    /** Whether the t interval excludes zero. */
    public boolean shown() {
      return n >= 2 && (low > 0 || high < 0);
    }
  }

  private Answers() {}

  /** The ablations under {@code RUN/ablations/}, by folder name; unreadable ones are named. */
  static List<Ablation> read(Path runFolder, List<String> unreadable) throws IOException {
    Path root = runFolder.resolve("ablations");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Ablation> out = new ArrayList<>();
    try (Stream<Path> folders = Files.list(root)) {
      for (Path f : folders.sorted().toList()) {
        Path journal = f.resolve(AblationJournal.NAME);
        if (Files.isRegularFile(journal)) {
          try {
            out.add(of(f.getFileName().toString(), AblationJournal.read(journal)));
          } catch (JournalException e) {
            unreadable.add(e.getMessage());
          }
        }
      }
    }
    return out;
  }

  /** The answers of one ablation journal. */
  public static Ablation of(String folder, AblationJournal.Contents contents) {
    AblationJournal.Header h = contents.header();
    Analysis base = Analysis.of(h.base());
    List<Answer> answers = new ArrayList<>();
    for (Question q : h.questions()) {
      if (!q.applies()) {
        String why =
            q.notApplicable().orElse("no trainable variant: " + String.join("; ", q.invalid()));
        answers.add(
            new Answer(
                q,
                Optional.empty(),
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Optional.empty(),
                base.macs(),
                base.macs(),
                base.params(),
                base.params(),
                0,
                q.title() + ": does not apply (" + why + ")"));
        continue;
      }
      for (Variant v : q.variants()) {
        answers.add(answer(contents, q, v, base));
      }
    }
    double seconds = contents.trainings().stream().mapToDouble(t -> t.result().seconds()).sum();
    return new Ablation(folder, h, answers, contents.trainings().size(), seconds);
  }

  private static Answer answer(
      AblationJournal.Contents contents, Question q, Variant v, Analysis base) {
    String key = CanonicalKey.of(v.architecture());
    String baseKey = contents.header().baseKey();
    List<Double> diffs = new ArrayList<>();
    java.util.Set<String> failed = new java.util.TreeSet<>();
    double seconds = 0;
    for (long seed : contents.header().seeds()) {
      Optional<EvaluationResult> a =
          contents.training(key, seed).map(AblationJournal.Training::result);
      Optional<EvaluationResult> b =
          contents.training(baseKey, seed).map(AblationJournal.Training::result);
      seconds += a.map(EvaluationResult::seconds).orElse(0.0);
      if (a.filter(RunReport::trained).isPresent() && b.filter(RunReport::trained).isPresent()) {
        diffs.add(a.get().bestValAccuracy() - b.get().bestValAccuracy());
      }
      a.filter(r -> !RunReport.trained(r)).ifPresent(r -> failed.add("variant " + r.stopReason()));
      b.filter(r -> !RunReport.trained(r)).ifPresent(r -> failed.add("base " + r.stopReason()));
    }
    Analysis variant = Analysis.of(v.architecture());
    double[] d = diffs.stream().mapToDouble(Double::doubleValue).toArray();
    Interval t = pairedT(d);
    Optional<double[]> boot =
        d.length >= 2 && d.length < BOOTSTRAP_BELOW
            ? Optional.of(bootstrap(d, new SplittableRandom(key.hashCode() * 31L + d.length)))
            : Optional.empty();
    return new Answer(
        q,
        Optional.of(v.name()),
        d.length,
        t.mean(),
        t.low(),
        t.high(),
        boot,
        base.macs(),
        variant.macs(),
        base.params(),
        variant.params(),
        seconds,
        d.length == 0 && !failed.isEmpty()
            ? "%s: %s: no seed trained both (failed: %s), %s"
                .formatted(
                    q.title(),
                    v.name(),
                    String.join(", ", failed),
                    cost(base.macs(), variant.macs()))
            : sentence(q, v.name(), d.length, t, base.macs(), variant.macs()));
  }

  /** A mean with its 95% interval. */
  record Interval(double mean, double low, double high) {}

  /** The mean of paired differences with its 95% t interval (n - 1 degrees of freedom). */
  static Interval pairedT(double[] d) {
    int n = d.length;
    if (n == 0) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = Arrays.stream(d).average().orElseThrow();
    if (n == 1) {
      return new Interval(mean, Double.NaN, Double.NaN);
    }
    double ss = Arrays.stream(d).map(x -> (x - mean) * (x - mean)).sum();
    double se = Math.sqrt(ss / (n - 1) / n);
    double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * se;
    return new Interval(mean, mean - half, mean + half);
  }

  /**
   * The 2.5% and 97.5% percentiles of the mean over {@value #RESAMPLES} resamples of the paired
   * differences {@code d}: a 95% bootstrap interval of their mean.
   */
  public static double[] bootstrap(double[] d, SplittableRandom random) {
    double[] means = new double[RESAMPLES];
    for (int b = 0; b < RESAMPLES; b++) {
      double sum = 0;
      for (int i = 0; i < d.length; i++) {
        sum += d[random.nextInt(d.length)];
      }
      means[b] = sum / d.length;
    }
    Arrays.sort(means);
    return new double[] {means[(int) (0.025 * RESAMPLES)], means[(int) (0.975 * RESAMPLES) - 1]};
  }

  /**
   * E.g. "one 5x5 vs two stacked 3x3: two stacked 3x3 changed validation accuracy by +0.42 points
   * [+0.10, +0.74] (n = 3) at 28% fewer MACs".
   */
  static String sentence(
      Question q, String variant, int n, Interval t, long macsBase, long macsVariant) {
    String head = q.title() + ": " + variant;
    String cost = cost(macsBase, macsVariant);
    if (n == 0) {
      return head + ": not trained yet";
    }
    if (n == 1) {
      return String.format(
          Locale.ROOT,
          "%s: %+.2f points with one seed, no interval (give --seeds 2 or more), %s",
          head,
          t.mean() * 100,
          cost);
    }
    String range =
        String.format(
            Locale.ROOT,
            "%+.2f points [%+.2f, %+.2f] (n = %d)",
            t.mean() * 100,
            t.low() * 100,
            t.high() * 100,
            n);
    if (t.low() > 0 || t.high() < 0) {
      return "%s changed validation accuracy by %s, %s".formatted(head, range, cost);
    }
    return "%s: no difference shown at this budget, %s, %s".formatted(head, range, cost);
  }

  /** "28% fewer MACs", "12% more MACs" or "the same MACs". */
  static String cost(long base, long variant) {
    if (base == variant || base == 0) {
      return "the same MACs";
    }
    double change = (variant - base) * 100.0 / base;
    return String.format(
        Locale.ROOT, "%.0f%% %s MACs", Math.abs(change), change < 0 ? "fewer" : "more");
  }
}
