package io.nas4j.space.journal;

import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run journal as read back: header, candidates, rung trainings and generations in file order, the
 * end line if the run finished, and whether a torn last line (a write cut off by a crash) was
 * ignored.
 */
public record Journal(
    JournalHeader header,
    List<CandidateEntry> candidates,
    List<RungEntry> rungs,
    List<GenerationEntry> generations,
    Optional<String> endReason,
    boolean tornLastLine) {

  public Journal {
    Objects.requireNonNull(header, "header");
    candidates = List.copyOf(candidates);
    rungs = List.copyOf(rungs);
    generations = List.copyOf(generations);
  }

  /** A journal without rung trainings (single fidelity). */
  public Journal(
      JournalHeader header,
      List<CandidateEntry> candidates,
      List<GenerationEntry> generations,
      Optional<String> endReason,
      boolean tornLastLine) {
    this(header, candidates, List.of(), generations, endReason, tornLastLine);
  }

  /**
   * Every candidate at the highest rung it trained at ({@code ok} or {@code pruned}), with that
   * rung's result; its rung-0 entry when it was never promoted or failed above rung 0. In journal
   * order.
   */
  public List<CandidateEntry> latest() {
    return latest(candidates, rungs);
  }

  /** As {@link #latest()}, for entries and rung trainings held elsewhere (a running search). */
  public static List<CandidateEntry> latest(
      List<CandidateEntry> candidates, List<RungEntry> rungs) {
    Map<String, RungEntry> top = new LinkedHashMap<>();
    for (RungEntry r : rungs) {
      RungEntry before = top.get(r.key());
      boolean trained = r.result().status() == Status.OK || r.result().status() == Status.PRUNED;
      if (trained && (before == null || r.rung() > before.rung())) {
        top.put(r.key(), r);
      }
    }
    List<CandidateEntry> out = new ArrayList<>();
    for (CandidateEntry c : candidates) {
      RungEntry r = top.get(c.key());
      out.add(r == null ? c : c.at(r.rung(), r.result()));
    }
    return out;
  }

  /** Each key's results by rung (index 0 = rung 0), for the candidates that have any. */
  public Map<String, List<Optional<EvaluationResult>>> byRung() {
    Map<String, List<Optional<EvaluationResult>>> out = new LinkedHashMap<>();
    for (CandidateEntry c : candidates) {
      List<Optional<EvaluationResult>> list = new ArrayList<>();
      list.add(Optional.of(c.result()));
      out.put(c.key(), list);
    }
    for (RungEntry r : rungs) {
      List<Optional<EvaluationResult>> list = out.get(r.key());
      if (list != null) {
        while (list.size() <= r.rung()) {
          list.add(Optional.empty());
        }
        list.set(r.rung(), Optional.of(r.result()));
      }
    }
    return out;
  }
}
