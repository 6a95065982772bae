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
import io.nas4j.space.journal.RungEntry;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.spec.SearchSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns genotypes into results for the search strategies: decodes them, answers repeated canonical
 * keys from the cache (this run's results and, on resume, the journal's), records invalid and
 * over-limit architectures without training them, trains the rest on a pool of {@code parallel}
 * workers, and journals every distinct candidate once, as it finishes (in its {@link RunLedger}).
 * The generational strategies evaluate a generation at a time through a {@link GenerationBatch};
 * {@link AsyncSearch} starts one training at a time.
 *
 * <p>Stops starting new trainings when the evaluation budget, the wall time or a stop request is
 * reached, or after {@value UntrainableDraws#LIMIT} untrainable draws in a row; genotypes left
 * unevaluated then have no result and are not journaled, and {@link #stopReason()} says why.
 */
final class CandidatePool implements AutoCloseable {

  private final SearchSpace space;
  private final Evaluator evaluator;
  private final RungStates states;
  private final long runSeed;
  private final Optional<MedianPruner> pruner;
  private final ExecutorService workers;
  private final int parallelism;
  private final StopConditions stop;
  private final int lastJournaledGeneration;
  private final Search.Listener listener;

  /** Guarded by this pool's lock. */
  private final RunLedger ledger;

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
    this.ledger = new RunLedger(journal, listener, journaled, journaledRungs);
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

  SearchSpace space() {
    return space;
  }

  /** Why the pool stopped training, or empty while it still trains. */
  Optional<String> stopReason() {
    return stop.reason();
  }

  /** Whether the run may go on (not stopped; not past its wall time, which stops it). */
  boolean running() {
    return stop.check();
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
      reason.ifPresent(r -> rejected(genotype, generation, arch, r));
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

  /** Journals a rejected architecture as {@code invalid} (once per key). */
  synchronized void rejected(int[] genotype, int generation, Architecture arch, String reason) {
    String key = CanonicalKey.of(arch);
    if (!ledger.isKnown(key)) {
      Analysis analysis = Analysis.of(arch);
      ledger.record(
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

  /** The median rule against {@code reference}, or never when the spec does not prune. */
  PruningHook pruning(List<EvaluationResult> reference) {
    return pruner.<PruningHook>map(p -> p.against(reference)).orElse(PruningHook.never());
  }

  // -- for the generational strategies: one generation at a time (GenerationBatch) --

  /**
   * Evaluates the genotypes of one generation and returns their results in order (empty for those
   * left unevaluated because the search stopped). Then journals the generation line.
   */
  List<Optional<EvaluationResult>> evaluate(List<int[]> genotypes, int generation) {
    return new GenerationBatch(this, generation).evaluate(genotypes);
  }

  /** Claims {@code key} for a generation's batch; {@code inBatch}: the batch already trains it. */
  synchronized RunLedger.Claim claim(String key, boolean inBatch) {
    return ledger.claim(key, inBatch);
  }

  /** The median rule's reference for a generation: the results of the generations before it. */
  synchronized List<EvaluationResult> resultsBefore(int generation) {
    // Only earlier generations: on resume the journal may already hold some of this one.
    return ledger.resultsBefore(generation);
  }

  /**
   * Whether the claimed {@code key} may be trained now (counted if so); if the run stopped it is
   * unclaimed, to be trained on resume.
   */
  synchronized boolean startTraining(String key) {
    if (stop.requested()) {
      stop.stop(Search.INTERRUPTED);
    } else if (ledger.trained() >= space.spec().search().maxEvaluations()) {
      stop.stop("max-evaluations");
    } else if (stop.pastDeadline()) {
      stop.stop("wall-time");
    }
    if (stop.stopped()) {
      ledger.unclaim(key);
      return false;
    }
    ledger.started();
    return true;
  }

  /**
   * Queues the training of a started candidate on the workers; the future's entry is journaled. One
   * that waited in the queue until the wall time passed is cancelled instead (not journaled, like
   * an interrupted candidate: resume trains it).
   */
  Future<CandidateEntry> submitTraining(
      int[] genotype, String key, Architecture arch, int generation, PruningHook hook) {
    Candidate candidate = new Candidate(arch, space.spec().budget(), candidateSeed(key));
    return workers.submit(
        () -> {
          if (!mayStillStart()) {
            throw new CancellationException("not started: the wall time has passed");
          }
          listener.started(generation, key, arch);
          EvaluationResult result = evaluator.evaluate(candidate, hook);
          return record(
              new CandidateEntry(
                  0, generation, boxed(genotype), key, arch, candidate.seed(), result));
        });
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

  /** A candidate that was cancelled: it was not journaled and will be trained again on resume. */
  synchronized void forget(String key) {
    ledger.forget(key);
  }

  /** The result journaled for {@code key} in this run so far, if any. */
  synchronized Optional<EvaluationResult> resultOf(String key) {
    return ledger.resultOf(key);
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
    ledger.countJournaled();
  }

  synchronized boolean isKnown(String key) {
    return ledger.isKnown(key);
  }

  synchronized void countDuplicate() {
    ledger.countDuplicate();
  }

  /**
   * Whether a new candidate may start: not after Ctrl-C or the wall time (which stop the run), nor
   * once {@code maxEvaluations} candidates trained (promotions may go on). If so, it is counted.
   */
  synchronized boolean startCandidate() {
    if (!stop.check() || evaluationsUsed()) {
      return false;
    }
    ledger.started();
    return true;
  }

  /** Whether all the candidates {@code maxEvaluations} allows have started. */
  synchronized boolean evaluationsUsed() {
    return ledger.trained() >= space.spec().search().maxEvaluations();
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
      ledger.cancelled();
    }
  }

  /** The median rule at rung 0, judged against every rung-0 result journaled so far. */
  synchronized PruningHook rungZeroPruning() {
    return pruning(ledger.results());
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
      first = ledger.entry(key);
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
      ledger.record(entry);
    }
    states.finished(key, rung);
    return entry;
  }

  private synchronized CandidateEntry record(CandidateEntry entry) {
    return ledger.record(entry);
  }

  // -- both --

  /**
   * Journals generation {@code generation}'s line, unless journaled before or after Ctrl-C (an
   * interrupted generation is incomplete; resume replays it and journals it then).
   */
  synchronized void generationLine(int generation) {
    ledger.generationLine(
        generation, generation > lastJournaledGeneration && !stop.requested(), seconds());
  }

  /** The trainings above rung 0 so far, in journal order. */
  synchronized List<RungEntry> rungEntries() {
    return ledger.rungEntries();
  }

  /** The run's distinct candidates so far, in journal order. */
  synchronized List<CandidateEntry> candidates() {
    return ledger.candidates();
  }

  /** Seconds the run has taken, earlier sessions included. */
  double seconds() {
    return stop.seconds();
  }

  private static List<Integer> boxed(int[] genotype) {
    return Arrays.stream(genotype).boxed().toList();
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
