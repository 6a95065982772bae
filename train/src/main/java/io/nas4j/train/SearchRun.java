package io.nas4j.train;

import io.nas4j.reports.Ranking;
import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalException;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.training.TrainingReport.Origin;
import io.nas4j.space.training.TrainingReport.Trainee;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A search run as read from its journal, with its ranking: where final trainings find the
 * architectures they train. The ranking is the one {@code nas report} shows at the time of reading.
 * Immutable.
 */
public final class SearchRun {

  private final Path folder;
  private final Journal journal;
  private final List<CandidateEntry> ranked;

  private SearchRun(Path folder, Journal journal) {
    this.folder = folder;
    this.journal = journal;
    this.ranked = Ranking.rank(journal);
  }

  /**
   * Reads the run in {@code runOrJournal} (a run folder or its journal file); its candidates' keys
   * are safe names ({@link JournalFile#read}), so a training named after one stays in its folder.
   */
  public static SearchRun open(Path runOrJournal) throws JournalException {
    Journal journal = JournalFile.read(runOrJournal);
    Path folder =
        Files.isDirectory(runOrJournal) ? runOrJournal : runOrJournal.toAbsolutePath().getParent();
    return new SearchRun(folder, journal);
  }

  /** The run folder. */
  public Path folder() {
    return folder;
  }

  public Journal journal() {
    return journal;
  }

  /** The spec the run searched with (its {@code retrain} section holds the final recipe). */
  public SearchSpec spec() {
    return journal.header().spec();
  }

  /** The trained candidates, best first. */
  public List<CandidateEntry> ranked() {
    return ranked;
  }

  /**
   * The candidate ranked {@code rank} (from 1), as a trainee.
   *
   * @throws InvalidFieldException ({@code rank}) when the run has no such rank
   */
  public Trainee trainee(int rank) {
    if (ranked.isEmpty()) {
      throw new InvalidFieldException(
          "rank", "cannot be chosen: %s has no trained candidates yet".formatted(folder));
    }
    if (rank < 1 || rank > ranked.size()) {
      throw new InvalidFieldException(
          "rank",
          "must be in [1, %d] (the trained candidates of %s), but was %d"
              .formatted(ranked.size(), folder, rank));
    }
    CandidateEntry c = ranked.get(rank - 1);
    return new Trainee(
        c.key(), c.architecture(), java.util.Optional.of(new Origin(rank, c.seed(), c.result())));
  }
}
