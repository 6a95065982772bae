package io.nas4j.reports;

import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.result.Status;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks a run's candidates: trained ones ({@code ok} or {@code pruned}) by best validation
 * accuracy, higher first; ties go to fewer MACs, then to the earlier candidate.
 */
public final class Ranking {

  /** The order of the ranking. */
  public static final Comparator<CandidateEntry> ORDER =
      Comparator.comparingDouble((CandidateEntry c) -> -c.result().bestValAccuracy())
          .thenComparingLong(c -> c.result().macs())
          .thenComparingInt(CandidateEntry::index);

  private Ranking() {}

  /** The ranked trained candidates; failed and invalid ones are left out. */
  public static List<CandidateEntry> rank(List<CandidateEntry> candidates) {
    return candidates.stream()
        .filter(c -> c.result().status() == Status.OK || c.result().status() == Status.PRUNED)
        .sorted(ORDER)
        .toList();
  }
}
