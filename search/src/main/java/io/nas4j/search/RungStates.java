package io.nas4j.search;

import io.nas4j.evaluator.Checkpoint;
import io.nas4j.evaluator.Evaluator;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.spec.SearchSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The training states of a multi-fidelity run whose promoted candidates continue ({@code
 * rungs.promotion: continue}): every training below the top rung leaves its weights and optimizer
 * state in {@code RUN/states/<key>-rung<r>.state}; a promotion to rung {@code r + 1} starts from
 * that file when it is there (and restarts when it is not, e.g. because the state could not be
 * written), and deletes it once the promoted training is journaled. The folder goes when the run
 * ends; a killed or interrupted run keeps it, so {@code nas resume} continues a half-done promotion
 * from the rung below. Off (every training from its initial weights, nothing written) for
 * single-fidelity runs, {@code promotion: restart}, and evaluators that cannot keep state (Spark).
 */
final class RungStates {

  /** The folder under the run folder. */
  static final String FOLDER = "states";

  private final Optional<Path> folder;
  private final List<TrainingRecipe> fidelities;

  private RungStates(Optional<Path> folder, List<TrainingRecipe> fidelities) {
    this.folder = folder;
    this.fidelities = fidelities;
  }

  static RungStates of(SearchSpec spec, Path runFolder, Evaluator evaluator) {
    boolean on = spec.rungs().any() && spec.rungs().continues() && evaluator.keepsState();
    return new RungStates(
        on ? Optional.of(runFolder.resolve(FOLDER)) : Optional.empty(), spec.fidelities());
  }

  /** No states: every training starts from its initial weights. */
  static RungStates off() {
    return new RungStates(Optional.empty(), List.of());
  }

  /**
   * Where {@code key}'s training at {@code rung} starts and leaves its state. It continues only
   * from a state on disk trained on the same validation split (the spec reader demands that of
   * continuing rungs; this guards specs built in Java), and the top rung saves nothing.
   */
  Checkpoint at(String key, int rung) {
    if (folder.isEmpty()) {
      return Checkpoint.none();
    }
    Optional<Path> from = Optional.empty();
    if (rung > 0
        && fidelities.get(rung).valSize().equals(fidelities.get(rung - 1).valSize())
        && Files.isRegularFile(file(key, rung - 1))) {
      from = Optional.of(file(key, rung - 1));
    }
    Optional<Path> to =
        rung < fidelities.size() - 1 ? Optional.of(file(key, rung)) : Optional.empty();
    return new Checkpoint(from, to);
  }

  /**
   * {@code key} finished (and journaled) a training at {@code rung}: the rung below's state goes.
   */
  void finished(String key, int rung) {
    if (folder.isPresent() && rung > 0) {
      delete(file(key, rung - 1));
    }
  }

  /** The run ended: every state goes (as far as the file system lets it: they are only space). */
  void clear() {
    if (folder.isEmpty() || !Files.isDirectory(folder.get())) {
      return;
    }
    try (Stream<Path> files = Files.list(folder.get())) {
      files.forEach(RungStates::delete);
    } catch (IOException e) {
      return;
    }
    delete(folder.get());
  }

  private Path file(String key, int rung) {
    return folder.orElseThrow().resolve(key + "-rung" + rung + ".state");
  }

  /** Deletes {@code file} if it can; a state left behind costs space, never correctness. */
  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left for the run's end or the user
    }
  }
}
