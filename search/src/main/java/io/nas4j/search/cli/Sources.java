package io.nas4j.search.cli;

import io.nas4j.reports.Ranking;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalException;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.spec.DatasetKind;
import io.nas4j.space.spec.DatasetSpec;
import io.nas4j.space.spec.SpecException;
import io.nas4j.space.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where the commands that reuse results find an architecture and a dataset. */
final class Sources {

  private Sources() {}

  /**
   * An architecture picked from a run's ranking or read from a file. {@code candidate} and {@code
   * journal} are present for a run.
   */
  record Selected(
      Architecture architecture,
      String key,
      Optional<Path> run,
      int rank,
      Optional<CandidateEntry> candidate,
      Optional<Journal> journal) {

    String label() {
      return run.map(r -> "%s rank %d".formatted(r, rank)).orElse("architecture " + key);
    }
  }

  /** A run's candidate (give {@code run}) or an architecture file (give {@code arch}). */
  static Selected select(Path run, Path arch, int rank) throws JournalException, BadInputException {
    if ((run == null) == (arch == null)) {
      throw new BadInputException("give a RUN folder or --arch FILE (one of them)");
    }
    return arch != null ? fromFile(arch) : fromRun(run, rank);
  }

  /** The candidate ranked {@code rank} (from 1) in the run's ranking. */
  static Selected fromRun(Path run, int rank) throws JournalException, BadInputException {
    if (rank < 1) {
      throw new BadInputException("--rank must be >= 1, but was " + rank);
    }
    Journal journal = JournalFile.read(run);
    Path folder = Files.isDirectory(run) ? run : run.toAbsolutePath().getParent();
    List<CandidateEntry> ranked = Ranking.rank(journal.candidates());
    if (ranked.isEmpty()) {
      throw new BadInputException(run + " has no trained candidates yet");
    }
    if (rank > ranked.size()) {
      throw new BadInputException(
          "--rank %d: %s has only %d trained candidate(s)".formatted(rank, run, ranked.size()));
    }
    return ofRank(folder, journal, ranked, rank);
  }

  /** The candidate ranked {@code rank} (from 1, within {@code ranked}) of an already read run. */
  static Selected ofRank(Path folder, Journal journal, List<CandidateEntry> ranked, int rank) {
    CandidateEntry c = ranked.get(rank - 1);
    return new Selected(
        c.architecture(), c.key(), Optional.of(folder), rank, Optional.of(c), Optional.of(journal));
  }

  /** An architecture JSON file (nas4j's schema); it must be a valid network. */
  static Selected fromFile(Path file) throws BadInputException {
    Architecture architecture;
    try {
      architecture = ArchitectureJson.read(file);
    } catch (IOException e) {
      throw new BadInputException("--arch " + file + ": cannot read the file (" + e + ")");
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--arch " + e.getMessage());
    }
    Analysis analysis = Analysis.of(architecture);
    if (!analysis.valid()) {
      throw new BadInputException(
          "--arch %s: not a valid network: %s".formatted(file, analysis.invalidReason().get()));
    }
    return new Selected(
        architecture,
        CanonicalKey.of(architecture),
        Optional.empty(),
        1,
        Optional.empty(),
        Optional.empty());
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
