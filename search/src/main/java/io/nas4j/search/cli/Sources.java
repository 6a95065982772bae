package io.nas4j.search.cli;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.journal.JournalException;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.spec.DatasetKind;
import io.nas4j.space.spec.DatasetSpec;
import io.nas4j.space.spec.SpecException;
import io.nas4j.space.spec.SpecReader;
import io.nas4j.space.training.TrainingReport.Trainee;
import io.nas4j.train.SearchRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the commands that reuse results find an architecture and a dataset. */
final class Sources {

  private Sources() {}

  /** An architecture picked from a run's ranking ({@code run} present) or read from a file. */
  record Selected(Trainee trainee, Optional<SearchRun> run) {

    Architecture architecture() {
      return trainee.architecture();
    }

    String key() {
      return trainee.key();
    }

    /** {@code runs/x rank 2}, or {@code architecture <key>}. */
    String label() {
      return run.map(r -> r.folder() + " " + trainee.label()).orElse(trainee.label());
    }

    /** The architecture's seed in the search, or the default for an architecture file. */
    long seed() {
      return trainee.origin().map(o -> o.searchSeed()).orElse(42L);
    }
  }

  /** A run's candidate (give {@code run}) or an architecture file (give {@code arch}). */
  static Selected select(Path run, Path arch, int rank) throws JournalException, BadInputException {
    if ((run == null) == (arch == null)) {
      throw new BadInputException("give a RUN folder or --arch FILE (one of them)");
    }
    if (arch != null) {
      return new Selected(fromFile(arch), Optional.empty());
    }
    SearchRun searchRun = SearchRun.open(run);
    return new Selected(trainee(searchRun, rank), Optional.of(searchRun));
  }

  /** The candidate of {@code rank}; a rank the run lacks is bad input naming {@code --rank}. */
  static Trainee trainee(SearchRun run, int rank) throws BadInputException {
    try {
      return run.trainee(rank);
    } catch (InvalidFieldException e) {
      throw new BadInputException(e.messageFor("--rank"));
    }
  }

  /** An architecture JSON file (nas4j's schema); it must be a valid network. */
  static Trainee fromFile(Path file) throws BadInputException {
    Architecture architecture;
    try {
      architecture = ArchitectureJson.read(file);
    } catch (IOException e) {
      throw new BadInputException(
          "--arch " + file + ": cannot be read (" + UserPaths.cause(e) + ")");
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--arch " + e.getMessage());
    }
    Analysis analysis = Analysis.of(architecture);
    if (!analysis.valid()) {
      throw new BadInputException(
          "--arch %s: not a valid network: %s".formatted(file, analysis.invalidReason().get()));
    }
    return new Trainee(CanonicalKey.of(architecture), architecture, Optional.empty());
  }

  /**
   * The dataset named by {@code --data}: a spec file or {@code fashion-mnist} (its dataset), or a
   * dataset folder (IDX files, or {@code train/} and {@code test/} with a folder per class).
   */
  static DatasetSpec data(String value) throws SpecException, BadInputException {
    Path path = Path.of(value);
    if (Files.isDirectory(path)) {
      boolean idx =
          Files.exists(path.resolve("t10k-images-idx3-ubyte.gz"))
              || Files.exists(path.resolve("t10k-images-idx3-ubyte"))
              || Files.exists(path.resolve("train-images-idx3-ubyte.gz"))
              || Files.exists(path.resolve("train-images-idx3-ubyte"));
      return new DatasetSpec(
          idx ? DatasetKind.IDX : DatasetKind.FOLDER, path.toAbsolutePath().toString());
    }
    if (value.equals(SpecReader.DEFAULT_SPEC) || Files.isRegularFile(path)) {
      return SpecReader.read(path).dataset();
    }
    throw new BadInputException(
        "--data %s: expected a spec file, '%s' or a dataset folder, but there is no such file or folder"
            .formatted(value, SpecReader.DEFAULT_SPEC));
  }
}
