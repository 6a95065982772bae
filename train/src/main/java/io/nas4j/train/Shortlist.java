package io.nas4j.train;

import io.nas4j.space.training.TrainingReport.Trial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shortlist before a final training: the search's proxy (a few short epochs on a subset)
 * favours shallow nets that learn fast but stop improving, so the top of the ranking gets a second,
 * larger trial and the best of that trial is trained. The shortlist takes the best-ranked
 * architecture of each depth (number of convolutions) first, then the next best.
 */
public final class Shortlist {

  private Shortlist() {}

  /**
   * Up to {@code size} ranks (from 1) of a ranking whose architectures have {@code depths} (in rank
   * order): the best of each depth in rank order, then the best of the rest; in rank order.
   */
  public static List<Integer> pick(List<Integer> depths, int size) {
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

  /**
   * The trials that trained, the highest validation accuracy first (the better search rank first on
   * a tie, then the earlier trial).
   */
  public static List<Trial> ranked(List<Trial> trials) {
    return trials.stream()
        .filter(Trial::trained)
        .sorted(
            Comparator.comparingDouble((Trial t) -> -t.result().bestValAccuracy())
                .thenComparingInt(
                    t -> t.trainee().origin().map(o -> o.rank()).orElse(Integer.MAX_VALUE)))
        .toList();
  }
}
