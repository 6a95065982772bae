package io.nas4j.reports;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.GenerationEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The result model every report renders, computed from a run journal alone: the ranking with the
 * Pareto fronts marked, counts by status, failure reasons and the best-so-far curve. Immutable.
 *
 * @param endReason why the run ended; empty while it runs or after a crash
 * @param duplicates candidates answered from the cache (from the last generation line)
 * @param failures reasons of failed and invalid candidates with their counts, most frequent first
 * @param bestSoFar best validation accuracy after each trained candidate, in journal order
 * @param evidence the answers to the design questions, see {@link Evidence}
 * @param importance genes by the share of accuracy variance they explain, see {@link
 *     GeneImportance}
 * @param evidenceRung the rung whose results the evidence and gene importance use: the highest with
 *     at least {@value #EVIDENCE_CANDIDATES} trained candidates (0 in a single-fidelity run)
 * @param retrainings the run's final trainings ({@code nas train}), by folder name
 * @param ablations the run's ablations ({@code nas ablate}) with their answers, by folder name
 * @param fidelity how well the search's ranking predicts the long trainings' test accuracy, once
 *     {@value RankFidelity#MIN} of its architectures were trained
 * @param unreadable training folders whose report could not be read, with the reason
 */
public record RunReport(
    Journal journal,
    Optional<String> endReason,
    List<Row> ranking,
    Map<Status, Integer> byStatus,
    int duplicates,
    Map<String, Integer> failures,
    List<Double> bestSoFar,
    List<Evidence.Finding> evidence,
    List<GeneImportance.Importance> importance,
    int evidenceRung,
    List<Retraining> retrainings,
    List<Answers.Ablation> ablations,
    Optional<RankFidelity> fidelity,
    List<String> unreadable) {

  /** Trained candidates a rung needs before the evidence uses its results. */
  public static final int EVIDENCE_CANDIDATES = 12;

  /**
   * A ranked candidate at the highest rung it reached, whether it is on the accuracy-vs-MACs or
   * -params Pareto front, and its best validation accuracy at each rung (empty where it did not
   * train or failed).
   */
  public record Row(
      int rank,
      CandidateEntry candidate,
      boolean paretoMacs,
      boolean paretoParams,
      List<Optional<Double>> rungAccuracies) {
    public Row {
      rungAccuracies = List.copyOf(rungAccuracies);
    }
  }

  public RunReport {
    ranking = List.copyOf(ranking);
    byStatus = Map.copyOf(byStatus);
    failures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failures));
    bestSoFar = List.copyOf(bestSoFar);
    evidence = List.copyOf(evidence);
    importance = List.copyOf(importance);
    retrainings = List.copyOf(retrainings);
    ablations = List.copyOf(ablations);
    unreadable = List.copyOf(unreadable);
  }

  /**
   * The spec's {@code search.initial} architectures in their order, each with its row in the
   * ranking (empty while it is untrained, or when its training failed): did the search beat them.
   */
  public List<Optional<Row>> given() {
    SearchSpace space = SearchSpace.of(journal.header().spec());
    Map<String, Row> byKey = new HashMap<>();
    ranking.forEach(r -> byKey.put(r.candidate().key(), r));
    return space.initialGenotypes().stream()
        .map(g -> Optional.ofNullable(byKey.get(CanonicalKey.of(space.decode(g)))))
        .toList();
  }

  /** The report of a journal without final trainings. */
  public static RunReport of(Journal journal) {
    return of(journal, List.of(), List.of(), List.of());
  }

  /** The report of a journal and the run's final trainings. */
  public static RunReport of(
      Journal journal,
      List<Retraining> retrainings,
      List<Answers.Ablation> ablations,
      List<String> unreadable) {
    List<CandidateEntry> candidates = journal.candidates();
    List<CandidateEntry> latest = journal.latest();
    Set<String> macsFront = keys(Ranking.paretoFront(latest, EvaluationResult::macs));
    Set<String> paramsFront = keys(Ranking.paretoFront(latest, EvaluationResult::params));
    Map<String, List<Optional<EvaluationResult>>> byRung = journal.byRung();
    List<Row> rows = new ArrayList<>();
    for (CandidateEntry c : Ranking.rank(latest)) {
      List<Optional<Double>> accuracies =
          byRung.get(c.key()).stream()
              .map(r -> r.filter(RunReport::trained).map(EvaluationResult::bestValAccuracy))
              .toList();
      rows.add(
          new Row(
              rows.size() + 1,
              c,
              macsFront.contains(c.key()),
              paramsFront.contains(c.key()),
              accuracies));
    }
    Map<Status, Integer> byStatus = new EnumMap<>(Status.class);
    for (Status status : Status.values()) {
      byStatus.put(status, 0);
    }
    Map<String, Integer> failures = new TreeMap<>();
    List<Double> bestSoFar = new ArrayList<>();
    double best = 0;
    for (CandidateEntry c : candidates) {
      EvaluationResult r = c.result();
      byStatus.merge(r.status(), 1, Integer::sum);
      if (r.status() == Status.FAILED || r.status() == Status.INVALID) {
        failures.merge(reason(r), 1, Integer::sum);
      } else {
        best = Math.max(best, r.bestValAccuracy());
        bestSoFar.add(best);
      }
    }
    Map<String, Integer> sorted = new java.util.LinkedHashMap<>();
    failures.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    int evidenceRung = evidenceRung(byRung);
    List<CandidateEntry> evidence = new ArrayList<>();
    for (CandidateEntry c : candidates) {
      List<Optional<EvaluationResult>> results = byRung.get(c.key());
      if (results.size() > evidenceRung && results.get(evidenceRung).isPresent()) {
        evidence.add(c.at(evidenceRung, results.get(evidenceRung).get()));
      }
    }
    int duplicates =
        journal.generations().isEmpty()
            ? 0
            : journal.generations().get(journal.generations().size() - 1).duplicates();
    return new RunReport(
        journal,
        journal.endReason(),
        rows,
        byStatus,
        duplicates,
        sorted,
        bestSoFar,
        Evidence.of(evidence),
        GeneImportance.of(journal.header().spec(), evidence),
        evidenceRung,
        retrainings,
        ablations,
        RankFidelity.of(ranks(rows), retrainings),
        unreadable);
  }

  /** The rank of each ranked candidate's key. */
  public Map<String, Integer> ranks() {
    return ranks(ranking);
  }

  private static Map<String, Integer> ranks(List<Row> rows) {
    Map<String, Integer> out = new java.util.HashMap<>();
    rows.forEach(r -> out.put(r.candidate().key(), r.rank()));
    return out;
  }

  /** The search's validation accuracy of each ranked candidate's key. */
  Map<String, Double> searchAccuracies() {
    Map<String, Double> out = new java.util.HashMap<>();
    ranking.forEach(r -> out.put(r.candidate().key(), r.candidate().result().bestValAccuracy()));
    return out;
  }

  /** The highest rung with at least {@value #EVIDENCE_CANDIDATES} trained candidates, or 0. */
  static int evidenceRung(Map<String, List<Optional<EvaluationResult>>> byRung) {
    int top = byRung.values().stream().mapToInt(List::size).max().orElse(1) - 1;
    for (int r = top; r > 0; r--) {
      int rung = r;
      long n =
          byRung.values().stream()
              .filter(l -> l.size() > rung && l.get(rung).filter(RunReport::trained).isPresent())
              .count();
      if (n >= EVIDENCE_CANDIDATES) {
        return r;
      }
    }
    return 0;
  }

  static boolean trained(EvaluationResult r) {
    return r.status() == Status.OK || r.status() == Status.PRUNED;
  }

  /** A short reason: the failure's tag, or for invalid candidates which rule they broke. */
  static String reason(EvaluationResult r) {
    if (r.status() == Status.FAILED) {
      return "failed: " + r.stopReason();
    }
    String error = r.error().orElse("");
    if (error.contains("exceed constraints.maxMacs")) {
      return "invalid: over maxMacs";
    }
    if (error.contains("exceed constraints.maxParams")) {
      return "invalid: over maxParams";
    }
    return "invalid: shape collapses";
  }

  /** Seconds the run has taken so far (from its last generation line). */
  public double seconds() {
    List<GenerationEntry> g = journal.generations();
    return g.isEmpty() ? 0 : g.get(g.size() - 1).seconds();
  }

  private static Set<String> keys(List<CandidateEntry> entries) {
    Set<String> keys = new HashSet<>();
    entries.forEach(e -> keys.add(e.key()));
    return keys;
  }
}
