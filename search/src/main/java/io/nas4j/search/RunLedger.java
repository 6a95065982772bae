package io.nas4j.search;

import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.GenerationEntry;
import io.nas4j.space.journal.RungEntry;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run has recorded so far: its distinct candidates and its trainings above rung 0 (the
 * journal's first, on resume), the keys met in this session, and the counts of the generation lines
 * (trained, duplicates). Each new entry is journaled and told to the listener.
 *
 * <p>Not thread-safe: its one owner, {@link CandidatePool}, calls it while holding its own lock.
 */
final class RunLedger {

  private final JournalWriter journal;
  private final Search.Listener listener;

  /** Every distinct candidate of the run so far (journal first, in order), by key. */
  private final Map<String, CandidateEntry> known = new LinkedHashMap<>();

  /** The trainings above rung 0 so far (journal first, in order). */
  private final List<RungEntry> rungs = new ArrayList<>();

  /**
   * Keys met in this session; a journaled key met for the first time is a replay, not a duplicate.
   */
  private final Set<String> seen = new HashSet<>();

  private int trained;
  private int duplicates;

  RunLedger(
      JournalWriter journal,
      Search.Listener listener,
      List<CandidateEntry> journaled,
      List<RungEntry> journaledRungs) {
    this.journal = journal;
    this.listener = listener;
    for (CandidateEntry entry : journaled) {
      known.putIfAbsent(entry.key(), entry);
    }
    rungs.addAll(journaledRungs);
  }

  /** What a generation's batch does with a key it meets. */
  enum Claim {
    /** Met before in this session (or twice in the batch): counted as a duplicate. */
    DUPLICATE,
    /** Journaled by an earlier session and met for the first time now: a replay. */
    CACHED,
    /** New: to be checked and trained. */
    NEW
  }

  /** Claims {@code key} for a generation's batch; {@code inBatch}: the batch already trains it. */
  Claim claim(String key, boolean inBatch) {
    if (inBatch || (known.containsKey(key) && seen.contains(key))) {
      duplicates++;
      return Claim.DUPLICATE;
    }
    seen.add(key);
    if (known.containsKey(key)) {
      if (isTrained(known.get(key).result())) {
        trained++;
      }
      return Claim.CACHED;
    }
    return Claim.NEW;
  }

  /** A claimed key left untrained because the run stopped: resume trains it. */
  void unclaim(String key) {
    seen.remove(key);
  }

  /** A training started (counted towards {@code maxEvaluations}). */
  void started() {
    trained++;
  }

  /** A candidate that was cancelled: it was not journaled and will be trained again on resume. */
  void forget(String key) {
    seen.remove(key);
    trained--;
  }

  /** A new candidate that was cancelled before or during its training (asynchronous search). */
  void cancelled() {
    trained--;
  }

  /** The journal's trained candidates count towards {@code maxEvaluations} (on resume). */
  void countJournaled() {
    trained = (int) known.values().stream().filter(e -> isTrained(e.result())).count();
  }

  void countDuplicate() {
    duplicates++;
  }

  int trained() {
    return trained;
  }

  boolean isKnown(String key) {
    return known.containsKey(key);
  }

  /** The result recorded for {@code key} in this run so far, if any. */
  Optional<EvaluationResult> resultOf(String key) {
    return Optional.ofNullable(known.get(key)).map(CandidateEntry::result);
  }

  CandidateEntry entry(String key) {
    return known.get(key);
  }

  /** Every result recorded so far. */
  List<EvaluationResult> results() {
    return known.values().stream().map(CandidateEntry::result).toList();
  }

  /** The results of generations before {@code generation}. */
  List<EvaluationResult> resultsBefore(int generation) {
    return known.values().stream()
        .filter(e -> e.generation() < generation)
        .map(CandidateEntry::result)
        .toList();
  }

  /** Journals a new distinct candidate and tells the listener; returns the journaled entry. */
  CandidateEntry record(CandidateEntry entry) {
    CandidateEntry journaled = journal.candidate(entry);
    known.put(entry.key(), journaled);
    listener.candidate(journaled);
    return journaled;
  }

  /** Journals a training above rung 0 and tells the listener. */
  void record(RungEntry entry) {
    journal.rung(entry);
    rungs.add(entry);
    listener.rung(entry);
  }

  /**
   * Tells the listener generation {@code generation}'s line, and journals it if {@code journal}.
   */
  void generationLine(int generation, boolean journalIt, double seconds) {
    GenerationEntry entry = generationEntry(generation, seconds);
    if (journalIt) {
      journal.generation(entry);
    }
    listener.generation(entry);
  }

  private GenerationEntry generationEntry(int generation, double seconds) {
    int invalid = 0;
    int pruned = 0;
    CandidateEntry best = null;
    for (CandidateEntry entry : known.values()) {
      invalid += entry.result().status() == Status.INVALID ? 1 : 0;
      pruned += entry.result().status() == Status.PRUNED ? 1 : 0;
      double accuracy = entry.result().bestValAccuracy();
      if (best == null
          || accuracy > best.result().bestValAccuracy()
          || (accuracy == best.result().bestValAccuracy()
              && entry.key().compareTo(best.key()) < 0)) {
        best = entry;
      }
    }
    return new GenerationEntry(
        generation,
        known.size(),
        trained,
        duplicates,
        invalid,
        pruned,
        best == null ? 0 : best.result().bestValAccuracy(),
        best == null ? "" : best.key(),
        seconds);
  }

  /** The run's distinct candidates so far, in journal order. */
  List<CandidateEntry> candidates() {
    return new ArrayList<>(known.values());
  }

  /** The trainings above rung 0 so far, in journal order. */
  List<RungEntry> rungEntries() {
    return new ArrayList<>(rungs);
  }

  static boolean isTrained(EvaluationResult result) {
    return result.status() != Status.INVALID;
  }
}
