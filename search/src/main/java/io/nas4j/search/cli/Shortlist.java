package io.nas4j.search.cli;

import io.nas4j.reports.Ranking;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalException;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code nas train --shortlist K}: the search's proxy (a few short epochs on a subset) favours
 * shallow nets that learn fast but stop improving, so before the long training the top of the
 * ranking gets a second, larger trial and the best of that trial is trained. The shortlist takes
 * the best-ranked architecture of each depth (number of convolutions) first, then the next best.
 */
final class Shortlist {

  private Shortlist() {}

  /** One shortlisted architecture and its trial. */
  record Trial(Sources.Selected candidate, EvaluationResult result) {

    boolean trained() {
      return result.status() == Status.OK;
    }
  }

  /** Convolutions (standard or separable) in {@code architecture}: its depth. */
  static int convolutions(Architecture architecture) {
    return (int) architecture.layers().stream().filter(l -> l instanceof Layer.Convolution).count();
  }

  /**
   * Up to {@code size} ranks (from 1) of a ranking whose architectures have {@code depths} (in rank
   * order): the best of each depth in rank order, then the best of the rest; in rank order.
   */
  static List<Integer> pick(List<Integer> depths, int size) {
    List<Integer> picked = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < depths.size() && picked.size() < size; i++) {
      if (seen.add(depths.get(i))) {
        picked.add(i + 1);
      }
    }
    for (int i = 0; i < depths.size() && picked.size() < size; i++) {
      if (!picked.contains(i + 1)) {
        picked.add(i + 1);
      }
    }
    picked.sort(Comparator.naturalOrder());
    return picked;
  }

  /** The shortlisted candidates of {@code run}. */
  static List<Sources.Selected> candidates(Path run, int size)
      throws JournalException, BadInputException {
    Sources.Selected first = Sources.fromRun(run, 1);
    Journal journal = first.journal().orElseThrow();
    List<CandidateEntry> ranked = Ranking.rank(journal.candidates());
    List<Sources.Selected> out = new ArrayList<>();
    List<Integer> depths = ranked.stream().map(c -> convolutions(c.architecture())).toList();
    for (int rank : pick(depths, size)) {
      out.add(Sources.ofRank(first.run().orElseThrow(), journal, ranked, rank));
    }
    return out;
  }

  /**
   * The trials that trained, the highest validation accuracy first (the better search rank first on
   * a tie).
   */
  static List<Trial> ranked(List<Trial> trials) {
    return trials.stream()
        .filter(Trial::trained)
        .sorted(
            Comparator.comparingDouble((Trial t) -> -t.result().bestValAccuracy())
                .thenComparingInt(t -> t.candidate().rank()))
        .toList();
  }

  /**
   * The trial with the highest validation accuracy (the better search rank on a tie), or empty if
   * none trained.
   */
  static Optional<Trial> best(List<Trial> trials) {
    return ranked(trials).stream().findFirst();
  }
}
