package io.nas4j.search;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.Trainability;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.GenerationEntry;
import io.nas4j.space.journal.RungEntry;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SearchSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns genotypes into results for the search strategies: decodes them, answers repeated canonical
 * keys from the cache (this run's results and, on resume, the journal's), records invalid and
 * over-limit architectures without training them, trains the rest on a pool of {@code parallel}
 * workers, and journals every distinct candidate once, as it finishes.
 *
 * <p>Stops starting new trainings when the evaluation budget, the wall time or a stop request is
 * reached, or after {@value UntrainableDraws#LIMIT} untrainable draws in a row; genotypes left
 * unevaluated then have no result and are not journaled, and {@link #stopReason()} says why.
 */
final class CandidatePool implements AutoCloseable {

  private final SearchSpace space;
  private final Evaluator evaluator;
  private final RungStates states;
  private final JournalWriter journal;
  private final long runSeed;
  private final Optional<MedianPruner> pruner;
  private final ExecutorService workers;
  private final int parallelism;
  private final StopConditions stop;
  private final int lastJournaledGeneration;
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
  private final UntrainableDraws draws = new UntrainableDraws();

  /** The end reason of a run stopped because its space has no trainable network. */
  static final String NO_TRAINABLE_NETWORK = "no-trainable-network";

  CandidatePool(
      SearchSpace space,
      Evaluator evaluator,
      RungStates states,
      JournalWriter journal,
      List<CandidateEntry> journaled,
      List<RungEntry> journaledRungs,
      int lastJournaledGeneration,
      int parallel,
      double secondsBefore,
      Search.Listener listener) {
    SearchSpec spec = space.spec();
    this.space = space;
    this.evaluator = evaluator;
    this.states = states;
    this.journal = journal;
    this.runSeed = spec.seed();
    this.lastJournaledGeneration = lastJournaledGeneration;
    this.listener = listener;
    this.pruner =
        spec.search().pruning().enabled()
            ? Optional.of(
                new MedianPruner(spec.search().pruning().warmup(), spec.budget().maxEpochs()))
            : Optional.empty();
    this.workers = Executors.newFixedThreadPool(parallel, r -> new Thread(r, "nas4j-candidate"));
    this.parallelism = parallel;
    this.stop = new StopConditions(secondsBefore, spec.search().wallTimeMinutes());
    for (CandidateEntry entry : journaled) {
      known.putIfAbsent(entry.key(), entry);
    }
    rungs.addAll(journaledRungs);
  }

  /** Asks the pool to start no new training and to cancel running ones (e.g. on Ctrl-C). */
  synchronized void requestStop() {
    stop.request();
    for (Runnable queued : workers.shutdownNow()) {
      if (queued instanceof Future<?> future) {
        future.cancel(false);
      }
    }
  }

  /** A candidate that was cancelled: it was not journaled and will be trained again on resume. */
  private synchronized void forget(String key) {
    seen.remove(key);
    trained--;
  }

  /** Why the pool stopped training, or empty while it still trains. */
  Optional<String> stopReason() {
    return stop.reason();
  }

  int trained() {
    return trained;
  }

  /** Seed of a candidate: derived from the run seed and its key, so it does not depend on order. */
  long candidateSeed(String key) {
    return Long.parseUnsignedLong(CanonicalKey.hash(runSeed + ":" + key), 16);
  }

  /**
   * Why a genotype would not be trained (collapsing shapes or a broken constraint), or empty. A
   * rejected architecture is journaled once as {@code invalid}.
   */
  synchronized Optional<String> rejection(int[] genotype, int generation) {
    Architecture arch = space.decode(genotype);
    Optional<SearchSpace.Rejection> rejection = space.rejectionOf(arch);
    Optional<String> reason = rejection.map(SearchSpace.Rejection::reason);
    if (!stop.stopped()) {
      reason.ifPresent(r -> journalInvalid(genotype, generation, arch, r));
    }
    if (draws.add(arch, rejection)) {
      stop.stop(NO_TRAINABLE_NETWORK);
    }
    return reason;
  }

  /** Whether {@value UntrainableDraws#LIMIT} untrainable draws in a row stopped the run. */
  synchronized boolean stoppedByUntrainableDraws() {
    return draws.stopped();
  }

  /**
   * Why the run found nothing to train, if it did not: the {@value UntrainableDraws#LIMIT}
   * untrainable draws in a row that stopped it, or all of this session's draws when none was
   * trainable.
   */
  synchronized Optional<Trainability> untrainable() {
    return draws.untrainable();
  }

  private void journalInvalid(int[] genotype, int generation, Architecture arch, String reason) {
    String key = CanonicalKey.of(arch);
    if (!known.containsKey(key)) {
      Analysis analysis = Analysis.of(arch);
      record(
          new CandidateEntry(
              0,
              generation,
              boxed(genotype),
              key,
              arch,
              candidateSeed(key),
              EvaluationResult.invalid(reason, analysis.params(), analysis.macs())));
    }
  }

  /**
   * Evaluates the genotypes of one generation and returns their results in order (empty for those
   * left unevaluated because the search stopped). Then journals the generation line.
   */
  List<Optional<EvaluationResult>> evaluate(List<int[]> genotypes, int generation) {
    // Checked here too, not only before a training: a run that trains nothing (every draw a
    // cache hit or untrainable) must stop at its wall time as well.
    if (!stop.check()) {
      // The strategy asks for one more generation before it sees the stop: nothing to record.
      return genotypes.stream().map(g -> Optional.<EvaluationResult>empty()).toList();
    }
    List<EvaluationResult> reference;
    synchronized (this) {
      // Only earlier generations: on resume the journal may already hold some of this one.
      reference =
          known.values().stream()
              .filter(e -> e.generation() < generation)
              .map(CandidateEntry::result)
              .toList();
    }
    PruningHook hook = pruning(reference);
    Map<String, Future<CandidateEntry>> running = new LinkedHashMap<>();
    String[] keys = new String[genotypes.size()];
    for (int i = 0; i < genotypes.size(); i++) {
      int[] genotype = genotypes.get(i);
      Architecture arch = space.decode(genotype);
      String key = CanonicalKey.of(arch);
      keys[i] = key;
      synchronized (this) {
        if (running.containsKey(key) || (known.containsKey(key) && seen.contains(key))) {
          duplicates++;
          continue;
        }
        if (known.containsKey(key)) {
          seen.add(key);
          if (isTrained(known.get(key).result())) {
            trained++;
          }
          continue;
        }
        seen.add(key);
      }
      Optional<String> rejected = space.rejection(arch);
      if (rejected.isPresent()) {
        synchronized (this) {
          journalInvalid(genotype, generation, arch, rejected.get());
        }
        continue;
      }
      synchronized (this) {
        if (!mayStartTraining()) {
          seen.remove(key);
          continue;
        }
        trained++;
        Candidate candidate = new Candidate(arch, space.spec().budget(), candidateSeed(key));
        running.put(
            key,
            workers.submit(
                () -> {
                  if (!mayStillStart()) {
                    // Queued behind others until the wall time passed: the run's time is up.
                    // Like an interrupted candidate it is not journaled; resume trains it.
                    throw new CancellationException("not started: the wall time has passed");
                  }
                  listener.started(generation, key, arch);
                  EvaluationResult result = evaluator.evaluate(candidate, hook);
                  return record(
                      new CandidateEntry(
                          0, generation, boxed(genotype), key, arch, candidate.seed(), result));
                }));
      }
    }
    for (Map.Entry<String, Future<CandidateEntry>> run : running.entrySet()) {
      try {
        run.getValue().get();
      } catch (CancellationException e) {
        forget(run.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof CancellationException)) {
          throw new IllegalStateException(
              "candidate " + run.getKey() + " crashed the evaluator", e.getCause());
        }
        forget(run.getKey());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        requestStop();
        forget(run.getKey());
      }
    }
    List<Optional<EvaluationResult>> results = new ArrayList<>();
    synchronized (this) {
      for (String key : keys) {
        results.add(Optional.ofNullable(known.get(key)).map(CandidateEntry::result));
      }
      generationLine(generation);
    }
    return results;
  }

  private boolean mayStartTraining() {
    if (stop.requested()) {
      stop.stop(Search.INTERRUPTED);
    } else if (trained >= space.spec().search().maxEvaluations()) {
      stop.stop("max-evaluations");
    } else if (stop.pastDeadline()) {
      stop.stop("wall-time");
    }
    return !stop.stopped();
  }

  /**
   * Whether a submitted candidate that waited in the queue may begin: not after Ctrl-C and not past
   * the wall time (so a run overruns its wall time by at most the candidates already in training).
   */
  private synchronized boolean mayStillStart() {
    if (stop.requested()) {
      return false;
    }
    if (stop.pastDeadline()) {
      stop.stop("wall-time");
      return false;
    }
    return true;
  }

  private synchronized CandidateEntry record(CandidateEntry entry) {
    CandidateEntry journaled = journal.candidate(entry);
    known.put(entry.key(), journaled);
    listener.candidate(journaled);
    return journaled;
  }

  private GenerationEntry generationEntry(int generation) {
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
        seconds());
  }

  // -- for the asynchronous strategy (AsyncSearch): one training at a time, no generations --

  int parallel() {
    return parallelism;
  }

  /** A completion service on the workers, so Ctrl-C ({@link #requestStop}) cancels its tasks. */
  CompletionService<Object> completionService() {
    return new ExecutorCompletionService<>(workers);
  }

  /** The journal's trained candidates count towards {@code maxEvaluations} (on resume). */
  synchronized void countJournaled() {
    trained = (int) known.values().stream().filter(e -> isTrained(e.result())).count();
  }

  synchronized boolean isKnown(String key) {
    return known.containsKey(key);
  }

  synchronized void countDuplicate() {
    duplicates++;
  }

  /**
   * Whether a new candidate may start: not after Ctrl-C or the wall time (which stop the run), nor
   * once {@code maxEvaluations} candidates trained (promotions may go on). If so, it is counted.
   */
  synchronized boolean startCandidate() {
    if (!stop.check() || trained >= space.spec().search().maxEvaluations()) {
      return false;
    }
    trained++;
    return true;
  }

  /** Whether all the candidates {@code maxEvaluations} allows have started. */
  synchronized boolean evaluationsUsed() {
    return trained >= space.spec().search().maxEvaluations();
  }

  /**
   * Whether a promotion may start: not after Ctrl-C or the wall time, and only if its recipe's time
   * limit fits in the wall time left (so the search ends on time).
   */
  synchronized boolean mayStartRung(TrainingRecipe recipe) {
    if (stop.requested()) {
      stop.stop(Search.INTERRUPTED);
    }
    long left = stop.nanosLeft();
    if (left <= 0) {
      stop.stop("wall-time");
    }
    return !stop.stopped() && recipe.timeLimitSeconds().orElse(0) * 1_000_000_000L <= left;
  }

  /** A candidate that started but was cancelled: not journaled, trained again on resume. */
  synchronized void cancelled(String key, int rung) {
    if (rung == 0) {
      trained--;
    }
  }

  /** The median rule at rung 0, judged against every rung-0 result journaled so far. */
  synchronized PruningHook rungZeroPruning() {
    return pruning(known.values().stream().map(CandidateEntry::result).toList());
  }

  /** The median rule against {@code reference}, or never when the spec does not prune. */
  private PruningHook pruning(List<EvaluationResult> reference) {
    return pruner.<PruningHook>map(p -> p.against(reference)).orElse(PruningHook.never());
  }

  /** Trains a new candidate at rung 0 on the calling thread and journals it. */
  CandidateEntry trainCandidate(int[] genotype, String key, int generation, PruningHook hook) {
    Architecture arch = space.decode(genotype);
    listener.started(generation, key, arch);
    Candidate candidate =
        new Candidate(arch, space.spec().budget(), candidateSeed(key), states.at(key, 0));
    EvaluationResult result = evaluator.evaluate(candidate, hook);
    return record(
        new CandidateEntry(0, generation, boxed(genotype), key, arch, candidate.seed(), result));
  }

  /**
   * Trains a candidate again at {@code rung} (its recipe, the same seed; from the state it reached
   * at the rung below when the run keeps states) and journals it.
   */
  RungEntry trainRung(String key, int rung, int generation) {
    CandidateEntry first;
    synchronized (this) {
      first = known.get(key);
    }
    listener.started(generation, key, first.architecture());
    Candidate candidate =
        new Candidate(
            first.architecture(),
            space.spec().fidelities().get(rung),
            first.seed(),
            states.at(key, rung));
    EvaluationResult result = evaluator.evaluate(candidate, PruningHook.never());
    RungEntry entry =
        new RungEntry(key, rung, first.seed(), candidate.checkpoint().from().isPresent(), result);
    synchronized (this) {
      journal.rung(entry);
      rungs.add(entry);
      listener.rung(entry);
    }
    states.finished(key, rung);
    return entry;
  }

  /**
   * Journals generation {@code generation}'s line, unless journaled before or after Ctrl-C (an
   * interrupted generation is incomplete; resume replays it and journals it then).
   */
  synchronized void generationLine(int generation) {
    GenerationEntry entry = generationEntry(generation);
    if (generation > lastJournaledGeneration && !stop.requested()) {
      journal.generation(entry);
    }
    listener.generation(entry);
  }

  /** The trainings above rung 0 so far, in journal order. */
  synchronized List<RungEntry> rungEntries() {
    return new ArrayList<>(rungs);
  }

  /** Seconds the run has taken, earlier sessions included. */
  double seconds() {
    return stop.seconds();
  }

  /** The run's distinct candidates so far, in journal order. */
  synchronized List<CandidateEntry> candidates() {
    return new ArrayList<>(known.values());
  }

  static boolean isTrained(EvaluationResult result) {
    return result.status() != Status.INVALID;
  }

  private static List<Integer> boxed(int[] genotype) {
    return Arrays.stream(genotype).boxed().toList();
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
