package io.nas4j.space.ablation;

import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/** Collects a question's variants, keeping only those whose shapes hold. */
final class QuestionBuilder {
  private final String id;
  private final String change;
  private final List<Variant> variants = new ArrayList<>();
  private final List<String> invalid = new ArrayList<>();

  /** A question about the layer at {@code at} of {@code base}. */
  QuestionBuilder(String id, Architecture base, int at) {
    this.id = id;
    this.change = "layer %d (%s)".formatted(at, Notation.format(List.of(base.layers().get(at))));
  }

  void add(String name, Architecture architecture) {
    Analysis a = Analysis.of(architecture);
    if (a.valid()) {
      variants.add(new Variant(name, architecture));
    } else {
      invalid.add(name + ": " + a.invalidReason().orElseThrow());
    }
  }

  void invalid(String reason) {
    invalid.add(reason);
  }

  /**
   * The variant {@code withFilters(f)}, f in [1, maxFilters], whose MACs come closest to the
   * base's, if within {@link Ablations#MATCHED_MACS}; named "{@code name}, f filters".
   */
  void matched(
      String name, Architecture base, int maxFilters, IntFunction<Architecture> withFilters) {
    long target = Analysis.of(base).macs();
    Architecture best = null;
    int bestFilters = 0;
    long bestGap = Long.MAX_VALUE;
    for (int f = 1; f <= maxFilters; f++) {
      Architecture v = withFilters.apply(f);
      Analysis a = Analysis.of(v);
      if (a.valid() && Math.abs(a.macs() - target) < bestGap) {
        best = v;
        bestFilters = f;
        bestGap = Math.abs(a.macs() - target);
      }
    }
    if (best == null) {
      invalid.add(name + ": no width gives valid shapes");
    } else if (bestGap > Ablations.MATCHED_MACS * target) {
      invalid.add(
          "%s: no width brings the MACs within %.0f%% of the base's"
              .formatted(name, Ablations.MATCHED_MACS * 100));
    } else {
      variants.add(new Variant(name + ", " + bestFilters + " filters", best));
    }
  }

  Question build() {
    return new Question(id, Ablations.title(id), change, variants, Optional.empty(), invalid);
  }
}
