package io.nas4j.space;

import io.nas4j.space.SearchSpace.Rejection;
import io.nas4j.space.arch.Architecture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * How many of a number of draws from a search space decode to trainable networks, and why the
 * others do not, commonest cause first. Immutable; a {@link Tally} collects one.
 *
 * @param draws architectures looked at (repeats count each time)
 * @param trainable those that would be trained
 * @param reasons the causes of the others, commonest first
 */
public record Trainability(long draws, long trainable, List<Reason> reasons) {

  /**
   * One cause of rejection, how many draws it rejected, and the first of them as an example.
   *
   * @param example the first one's reason, e.g. {@code 62,810 parameters exceed ...}
   * @param exampleNetwork the first one's notation
   */
  public record Reason(String kind, long count, String example, String exampleNetwork) {}

  public Trainability {
    if (draws < 0 || trainable < 0 || trainable > draws) {
      throw new IllegalArgumentException(
          "trainable must be in [0, draws], but was %d of %d".formatted(trainable, draws));
    }
    reasons = List.copyOf(reasons);
  }

  /** Decodes {@code draws} random genotypes and tallies them. */
  public static Trainability sample(SearchSpace space, int draws, RandomGenerator random) {
    Tally tally = new Tally();
    for (int i = 0; i < draws; i++) {
      Architecture architecture = space.decode(space.randomGenotype(random));
      tally.add(architecture, space.rejectionOf(architecture));
    }
    return tally.result();
  }

  /** Whether something was drawn and none of it was trainable. */
  public boolean none() {
    return draws > 0 && trainable == 0;
  }

  /**
   * One line: how many were trainable and the commonest causes, e.g. {@code 0 of 1,000 random
   * networks are trainable: 1,000 exceed constraints.maxParams 10 (e.g. c3x8 relu | out10: 62,810
   * parameters exceed constraints.maxParams 10)}; only the commonest cause gets an example.
   *
   * @param what names the draws, e.g. {@code random networks}
   * @param causes how many causes to name; the rest are counted together
   */
  public String summary(String what, int causes) {
    String head = "%,d of %,d %s are trainable".formatted(trainable, draws, what);
    if (reasons.isEmpty()) {
      return head;
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < Math.min(causes, reasons.size()); i++) {
      Reason r = reasons.get(i);
      parts.add(
          "%,d %s%s"
              .formatted(
                  r.count(),
                  r.kind(),
                  i == 0 ? " (e.g. %s: %s)".formatted(r.exampleNetwork(), r.example()) : ""));
    }
    if (reasons.size() > causes) {
      long rest = reasons.stream().skip(causes).mapToLong(Reason::count).sum();
      int others = reasons.size() - causes;
      parts.add("%,d for %d other cause%s".formatted(rest, others, others == 1 ? "" : "s"));
    }
    return head + ": " + String.join(", ", parts);
  }

  /** Counts draws as they come. Not thread-safe. */
  public static final class Tally {
    private long draws;
    private long trainable;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, String[]> examples = new LinkedHashMap<>();

    /** Counts one draw: trainable when {@code rejection} is empty. */
    public void add(Architecture architecture, Optional<Rejection> rejection) {
      draws++;
      if (rejection.isEmpty()) {
        trainable++;
        return;
      }
      String kind = rejection.get().kind();
      counts.merge(kind, 1L, Long::sum);
      examples.putIfAbsent(kind, new String[] {rejection.get().reason(), architecture.notation()});
    }

    public long draws() {
      return draws;
    }

    public long trainable() {
      return trainable;
    }

    /** Starts again from nothing. */
    public void clear() {
      draws = 0;
      trainable = 0;
      counts.clear();
      examples.clear();
    }

    /** The tally so far; ties keep the order the causes were first met. */
    public Trainability result() {
      List<Reason> reasons =
          counts.entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
              .map(
                  e -> {
                    String[] example = examples.get(e.getKey());
                    return new Reason(e.getKey(), e.getValue(), example[0], example[1]);
                  })
              .collect(Collectors.toList());
      return new Trainability(draws, trainable, reasons);
    }
  }
}
