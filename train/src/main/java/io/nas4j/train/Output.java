package io.nas4j.train;

import io.nas4j.space.files.SafeNames;
import io.nas4j.space.training.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a final training writes: exactly one folder, or a new folder inside a parent named after
 * the trained architecture's canonical key ({@code <key>}, or {@code <key>-2}, {@code <key>-3}, ...
 * when earlier trainings of it are there), so a folder always holds the architecture its name says,
 * whatever the run's ranking does later. A folder that holds a training report is never written
 * again.
 *
 * @param exact true: {@code folder} itself; false: a new folder inside {@code folder}
 * @param prefix put before the key, e.g. {@code arch-}
 * @param suffix added to the key, e.g. {@code -reproduce}
 */
public record Output(Path folder, boolean exact, String prefix, String suffix) {

  public Output {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
  }

  /** Exactly {@code folder}. */
  public static Output at(Path folder) {
    return new Output(folder, true, "", "");
  }

  /** A new folder named after the key inside {@code parent}. */
  public static Output in(Path parent) {
    return new Output(parent, false, "", "");
  }

  /** Inside the parent, {@code <prefix><key>}. */
  public Output withPrefix(String text) {
    return new Output(folder, exact, text, suffix);
  }

  /** Inside the parent, {@code <key><suffix>}. */
  public Output withSuffix(String text) {
    return new Output(folder, exact, prefix, text);
  }

  /**
   * Fails early, before anything trains, when the output cannot be used.
   *
   * @throws IllegalStateException when an exact folder already holds a training
   */
  public void check() {
    if (exact && Files.exists(folder.resolve(TrainingReport.FILE))) {
      throw new IllegalStateException(
          "%s already holds a trained model; remove it or choose another folder".formatted(folder));
    }
  }

  /**
   * The folder for a training of {@code key} (not created).
   *
   * @throws io.nas4j.space.InvalidFieldException ({@code key}) if the folder's name would not be a
   *     {@link SafeNames safe name}, so that it is always a child of the parent
   */
  public Path resolve(String key) {
    check();
    if (exact) {
      return folder;
    }
    String name = prefix + key + suffix;
    SafeNames.check("key", name);
    Path candidate = folder.resolve(name);
    for (int n = 2; Files.exists(candidate.resolve(TrainingReport.FILE)); n++) {
      candidate = folder.resolve(name + "-" + n);
    }
    return candidate;
  }
}
