package io.nas4j.search.cli;

import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.dl4j.Dl4jEvaluator;
import io.nas4j.evaluator.dl4j.Dl4jRuntime;
import io.nas4j.evaluator.dl4j.PreparedData;
import io.nas4j.evaluator.dl4j.Trainer;
import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.Provenance;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.spec.SearchSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the DL4J evaluator for a spec and describes the run's provenance. */
final class Dl4jEvaluators {

  private Dl4jEvaluators() {}

  /**
   * Loads the spec's training data, draws the seeded stratified train/validation split its budget
   * asks for and returns an evaluator with {@code threads} ND4J threads per candidate; each of the
   * {@code parallel} candidates training at once gets an equal share of the native memory limit.
   */
  static Evaluator create(SearchSpec spec, int threads, int parallel) throws Exception {
    checkThreads(threads);
    PreparedData data = PreparedData.load(spec.dataset(), spec.input(), spec.classes());
    try {
      data.split(spec.budget(), spec.seed());
    } catch (InvalidFieldException e) {
      throw new BadInputException(e.messageFor("budget." + e.field()));
    }
    checkRungSizes(spec, data);
    Trainer.Options options = Trainer.Options.defaults().withThreads(threads);
    return new Dl4jEvaluator(
        data, spec.seed(), options.withMemoryLimit(options.memoryLimitBytes() / parallel));
  }

  /**
   * Checks that every rung's sizes fit the data now, not at the first promotion minutes later:
   * {@code rungs.levels[i]} may name a {@code trainSize} the budget's check did not see. (The Spark
   * engine's executors load the data; there a rung's sizes are checked at its first training.)
   */
  static void checkRungSizes(SearchSpec spec, PreparedData data) throws BadInputException {
    List<TrainingRecipe> fidelities = spec.fidelities();
    for (int rung = 1; rung < fidelities.size(); rung++) {
      try {
        data.sizes(fidelities.get(rung));
      } catch (InvalidFieldException e) {
        // The level may name the value or take it from the rung below (or from retrain).
        throw new BadInputException(
            "rungs.levels[%d]: %s".formatted(rung - 1, e.messageFor(e.field())));
      }
    }
  }

  /**
   * Starts ND4J and checks that it runs {@code threads} threads (0 = any): ND4J takes its thread
   * count from OMP_NUM_THREADS when the JVM starts, so it cannot be changed later.
   */
  static void checkThreads(int threads) throws BadInputException {
    Dl4jRuntime.init(0);
    if (threads > 0 && Dl4jRuntime.threads() != threads) {
      throw new BadInputException(
          ("--threads %d: ND4J runs %d threads; set OMP_NUM_THREADS=%d before java starts"
                  + " (scripts/nas and scripts/search.sh do this)")
              .formatted(threads, Dl4jRuntime.threads(), threads));
    }
  }

  /**
   * This JVM's provenance with the DL4J backend, its natives, OpenBLAS core type and threads
   * ({@link Dl4jRuntime#settings()}), and {@code more}.
   */
  static Provenance provenance(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(Dl4jRuntime.settings());
    all.putAll(more);
    return Provenance.current(Dl4jRuntime.describe(), all);
  }

  /** The run header's second line: the backend and what decides its speed. */
  static String backendLine() {
    Map<String, String> settings = Dl4jRuntime.settings();
    return "backend: %s; natives %s, OpenBLAS core type %s, threads %s, idle threads %s"
        .formatted(
            Dl4jRuntime.describe(),
            settings.get("natives"),
            settings.get("openblasCoreType"),
            settings.get("threads"),
            settings.get("idleThreads"));
  }
}
