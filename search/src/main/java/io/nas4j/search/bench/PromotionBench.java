package io.nas4j.search.bench;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.evaluator.dl4j.Dl4jEvaluator;
import io.nas4j.evaluator.dl4j.Dl4jRuntime;
import io.nas4j.evaluator.dl4j.PreparedData;
import io.nas4j.evaluator.dl4j.Trainer;
import io.nas4j.reports.Reports;
import io.nas4j.reports.RunReport;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.journal.RungEntry;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SearchSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Continue or restart a promoted candidate? For a finished multi-fidelity run whose promotions
 * continued from the state reached at the rung below ({@code rungs.promotion: continue}), trains
 * every candidate that continued at rung {@code R} again with rung R's recipe and its own seed, on
 * the same split, but from its initial weights (what {@code promotion: restart} trains), {@code
 * PARALLEL} at a time; then compares the two ({@link RestartComparison}): the paired difference of
 * their validation accuracies, and Kendall's tau of each with the test accuracies of the run's long
 * trainings ({@code scripts/bench-fidelity.sh}). Each restart is appended to {@code
 * RUN/promotion-restart-rung<R>.tsv} as it finishes; a second call trains only the missing ones.
 * Usage: {@code PromotionBench RUN PARALLEL [R]} (R: the top rung by default); the JVM's ND4J
 * threads (OMP_NUM_THREADS) are each training's.
 */
public final class PromotionBench {

  static final String FILE = "promotion-restart-rung%d.tsv";

  private static final String HEADER = "key\trung\tseed\tstatus\tvalAccuracy\tepochs\tseconds";

  private PromotionBench() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    int parallel = Integer.parseInt(args[1]);
    Journal journal = JournalFile.read(folder);
    SearchSpec spec = journal.header().spec();
    int top = spec.fidelities().size() - 1;
    int rung = args.length > 2 ? Integer.parseInt(args[2]) : top;
    if (top < 1 || rung < 1 || rung > top) {
      System.err.println(
          top < 1
              ? "bench-promotion.sh: %s: a single-fidelity run has no promotions".formatted(folder)
              : "bench-promotion.sh: --rung must be 1..%d for %s, but was %d"
                  .formatted(top, folder, rung));
      System.exit(2);
    }
    Dl4jRuntime.init(0);
    PreparedData data = PreparedData.load(spec.dataset(), spec.input(), spec.classes());
    Trainer.Options options = Trainer.Options.defaults();
    Evaluator evaluator =
        new Dl4jEvaluator(
            data, spec.seed(), options.withMemoryLimit(options.memoryLimitBytes() / parallel));
    Path file = folder.resolve(FILE.formatted(rung));
    System.out.printf(
        "continue or restart, %s rung %d: %d continued there, %d at a time, restarts in %s%n",
        folder, rung, continued(journal, rung).size(), parallel, file.getFileName());
    Map<String, Double> restarts = restart(journal, rung, evaluator, parallel, file);
    RunReport report = Reports.write(folder, 10);
    Map<String, Integer> ranks = new LinkedHashMap<>();
    report.ranking().forEach(r -> ranks.put(r.candidate().key(), r.rank()));
    Map<String, Double> longTest = new LinkedHashMap<>();
    report
        .fidelity()
        .ifPresent(f -> f.pairs().forEach(p -> longTest.put(p.key(), p.testAccuracy())));
    List<RestartComparison.Net> nets = nets(journal, rung, restarts, longTest);
    System.out.println("rank  key               continued  restarted  long test");
    for (RestartComparison.Net n : nets) {
      System.out.printf(
          Locale.ROOT,
          "%4d  %s   %.4f     %.4f     %s%n",
          ranks.getOrDefault(n.key(), 0),
          n.key(),
          n.continued(),
          n.restarted(),
          n.longTest().isPresent() ? "%.4f".formatted(n.longTest().getAsDouble()) : "-");
    }
    long failed = restarts.values().stream().filter(a -> a.isNaN()).count();
    if (failed > 0) {
      System.out.printf("%d restart(s) failed (see %s); compared without them%n", failed, file);
    }
    System.out.println(RestartComparison.of(nets, 1).text(rung));
  }

  /** The run's trainings at {@code rung} that continued from the rung below and trained. */
  static List<RungEntry> continued(Journal journal, int rung) {
    return journal.rungs().stream()
        .filter(r -> r.rung() == rung && r.continued() && trained(r.result()))
        .toList();
  }

  /**
   * Trains each candidate that continued at {@code rung} from its initial weights with the rung's
   * recipe and seed, except those {@code file} already holds, appending each result to it; returns
   * every restart's best validation accuracy by key (NaN where it failed), the file's included.
   */
  static Map<String, Double> restart(
      Journal journal, int rung, Evaluator evaluator, int parallel, Path file) throws Exception {
    Map<String, Double> done = read(file);
    Map<String, CandidateEntry> byKey = new LinkedHashMap<>();
    journal.candidates().forEach(c -> byKey.put(c.key(), c));
    SearchSpec spec = journal.header().spec();
    if (!Files.exists(file)) {
      Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<Future<?>> running = new ArrayList<>();
    try {
      for (RungEntry entry : continued(journal, rung)) {
        if (done.containsKey(entry.key())) {
          continue;
        }
        Candidate candidate =
            new Candidate(
                byKey.get(entry.key()).architecture(), spec.fidelities().get(rung), entry.seed());
        running.add(
            pool.submit(
                () -> {
                  append(file, entry, evaluator.evaluate(candidate, PruningHook.never()));
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      return read(file);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The architectures trained both ways, in the journal's order, with their long trainings. */
  static List<RestartComparison.Net> nets(
      Journal journal, int rung, Map<String, Double> restarts, Map<String, Double> longTest) {
    List<RestartComparison.Net> nets = new ArrayList<>();
    for (RungEntry entry : continued(journal, rung)) {
      Double restarted = restarts.get(entry.key());
      if (restarted != null && !restarted.isNaN()) {
        Double test = longTest.get(entry.key());
        nets.add(
            new RestartComparison.Net(
                entry.key(),
                entry.result().bestValAccuracy(),
                restarted,
                test == null ? OptionalDouble.empty() : OptionalDouble.of(test)));
      }
    }
    return nets;
  }

  private static synchronized void append(Path file, RungEntry entry, EvaluationResult r)
      throws IOException {
    String line =
        String.format(
            Locale.ROOT,
            "%s\t%d\t%d\t%s\t%s\t%d\t%.1f%n",
            entry.key(),
            entry.rung(),
            entry.seed(),
            r.status().name().toLowerCase(Locale.ROOT),
            trained(r) ? "%.6f".formatted(r.bestValAccuracy()) : "NaN",
            r.epochsRun(),
            r.seconds());
    Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /** Validation accuracy by key (NaN for a restart that failed) of a restarts file, if any. */
  static Map<String, Double> read(Path file) throws IOException {
    Map<String, Double> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] cells = line.split("\t");
      if (line.equals(HEADER) || cells.length != 7) {
        continue; // the header, or a line cut off by a kill: that restart is trained again
      }
      out.put(cells[0], Double.parseDouble(cells[4]));
    }
    return out;
  }

  private static boolean trained(EvaluationResult r) {
    return r.status() == Status.OK || r.status() == Status.PRUNED;
  }
}
