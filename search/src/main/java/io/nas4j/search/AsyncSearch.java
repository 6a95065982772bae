package io.nas4j.search;

import io.nas4j.evaluator.PruningHook;
import io.nas4j.reports.Ranking;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.RungEntry;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SearchBudget;
import io.nas4j.space.spec.Strategy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The asynchronous search: whenever a worker is free it trains the next job, a promotion if
 * successive halving ({@link Asha}) has one, else a new candidate at rung 0 — the next of the
 * spec's {@code search.initial} architectures not yet trained, then a child of {@link
 * RegularizedEvolution} or, for the random strategy, a random genotype. Nobody waits for a rung or
 * a generation to fill.
 *
 * <p>Every decision draws its randomness from the run seed and the number of trainings journaled
 * before it, and reads only journaled results; so with one worker a run follows one trajectory, and
 * a killed run resumed from its journal (which holds every finished training at every rung) takes
 * the same decisions again and trains nothing twice. With several workers the trajectory depends on
 * which training finishes first.
 */
final class AsyncSearch {

  /** Attempts to find a new, trainable child before the search gives up ("exhausted"). */
  static final int ATTEMPTS = 1000;

  /** A decided training: a new candidate at rung 0, or a promotion. */
  private record Job(String key, int rung) {}

  private final SearchSpace space;
  private final CandidatePool pool;
  private final SearchBudget budget;
  private final Asha asha;
  private final RegularizedEvolution evolution;
  private final Map<String, double[]> fitness = new HashMap<>();
  private final Map<String, Integer> peerGroups = new HashMap<>();
  private final Set<String> running = new HashSet<>();
  private final CompletionService<Object> done;
  private final Map<Future<?>, Job> jobs = new HashMap<>();
  private int finishedJobs;

  /**
   * Rung-0 trainings started (in this session) or journaled (by earlier ones): valid candidates.
   */
  private int startedCandidates;

  private boolean exhausted;

  /** The spec's {@code search.initial} networks, all started before any draw. */
  private final int initialCount;

  private AsyncSearch(SearchSpace space, CandidatePool pool) {
    this.space = space;
    this.pool = pool;
    this.budget = space.spec().search();
    this.asha =
        new Asha(
            space.spec().fidelities().size(),
            space.spec().rungs().eta(),
            key -> peerGroups.getOrDefault(key, 0));
    this.evolution =
        new RegularizedEvolution(
            space,
            budget.population(),
            Math.min(budget.evolution().tournamentSize(), budget.population()),
            budget.evolution().niches(),
            budget.evolution().start(),
            budget.evolution().nicheShare());
    this.initialCount = space.initialGenotypes().size();
    this.done = pool.completionService();
    pool.countJournaled();
  }

  /** Runs the search to its end and returns why it ended. */
  static String run(SearchSpace space, CandidatePool pool) {
    return new AsyncSearch(space, pool).run();
  }

  private String run() {
    replay();
    int parallel = pool.parallel();
    while (true) {
      while (jobs.size() < parallel && startNext()) {
        // started one
      }
      if (jobs.isEmpty()) {
        break;
      }
      awaitOne();
    }
    if (finishedJobs == 0 || finishedJobs % budget.population() != 0) {
      pool.generationLine(finishedJobs / budget.population()); // the last, partial generation
    }
    if (pool.stopReason().isPresent()) {
      return pool.stopReason().get();
    }
    return pool.evaluationsUsed() ? "max-evaluations" : exhausted ? "exhausted" : "wall-time";
  }

  /** The journal's results, in journal order, as if this session had decided them. */
  private void replay() {
    for (CandidateEntry c : pool.candidates()) {
      if (c.result().status() == Status.INVALID) {
        continue;
      }
      finished(c);
      startedCandidates++;
      evolution.add(c.key(), genotype(c), c.result().seconds());
    }
    for (RungEntry r : pool.rungEntries()) {
      finished(r.key(), r.rung(), r.result());
      evolution.spent(r.key(), r.result().seconds());
    }
  }

  /** A rung-0 training: its candidate's peer group is known from here on. */
  private void finished(CandidateEntry c) {
    peerGroups.put(c.key(), space.spec().rungs().peers().group(c.architecture()));
    finished(c.key(), 0, c.result());
  }

  private void finished(String key, int rung, EvaluationResult result) {
    asha.finished(key, rung, result);
    finishedJobs++;
    boolean trained = result.status() == Status.OK || result.status() == Status.PRUNED;
    double[] f = fitness.get(key);
    if (trained
        && (f == null || rung > f[0] || (rung == f[0] && Ranking.score(rung, result) > f[1]))) {
      fitness.put(key, new double[] {rung, Ranking.score(rung, result)});
    }
  }

  /**
   * A member's fitness for the tournament: its standing in the ranking ({@link Ranking#score}) at
   * the highest rung it reached; -1 when it never trained.
   */
  private double fitness(String key) {
    double[] f = fitness.get(key);
    return f == null ? -1 : f[1];
  }

  /** Starts the next job if one may start; false when none can (for now). */
  private boolean startNext() {
    Optional<Asha.Promotion> promotion = asha.next();
    int generation = finishedJobs / budget.population();
    if (promotion.isPresent()) {
      Asha.Promotion p = promotion.get();
      if (pool.mayStartRung(space.spec().fidelities().get(p.rung()))) {
        asha.started(p.key(), p.rung());
        submit(p.key(), p.rung(), () -> pool.trainRung(p.key(), p.rung(), generation));
        return true;
      }
    }
    if (exhausted || !pool.startCandidate()) {
      return false;
    }
    for (int[] genotype : space.initialGenotypes()) {
      String key = CanonicalKey.of(space.decode(genotype));
      if (!pool.isKnown(key) && !running.contains(key)) {
        start(genotype, key, generation);
        return true;
      }
    }
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      SplittableRandom random = decisionRandom(attempt);
      int[] genotype =
          budget.strategy() == Strategy.RANDOM
              ? space.randomGenotype(random)
              : evolution.child(
                  random,
                  Math.max(0, startedCandidates - initialCount), // the draws, for the strata
                  this::fitness,
                  this::usable);
      String key = CanonicalKey.of(space.decode(genotype));
      if (pool.rejection(genotype, generation).isPresent()) {
        if (pool.stopReason().isPresent()) {
          break; // e.g. too many untrainable draws in a row
        }
        continue;
      }
      if (pool.isKnown(key) || running.contains(key)) {
        pool.countDuplicate();
        continue;
      }
      start(genotype, key, generation);
      return true;
    }
    pool.cancelled("", 0);
    exhausted = pool.stopReason().isEmpty();
    return false;
  }

  /** Starts a new candidate's rung-0 training. */
  private void start(int[] genotype, String key, int generation) {
    PruningHook hook = pool.rungZeroPruning();
    startedCandidates++;
    submit(key, 0, () -> pool.trainCandidate(genotype, key, generation, hook));
  }

  /** A child the search may train: a valid network it has not trained and is not training. */
  private boolean usable(int[] genotype) {
    String key = CanonicalKey.of(space.decode(genotype));
    return space.rejection(space.decode(genotype)).isEmpty()
        && !pool.isKnown(key)
        && !running.contains(key);
  }

  /**
   * The randomness of one decision: the run seed, the valid candidates started so far, the attempt.
   * Not the trainings finished: then the random start, drawn before the population is full, is the
   * same for a seed whichever training finishes first.
   */
  private SplittableRandom decisionRandom(int attempt) {
    return new SplittableRandom(
        space.spec().seed() * 0x9E3779B97F4A7C15L + startedCandidates * 1_000_003L + attempt);
  }

  private void submit(String key, int rung, java.util.concurrent.Callable<Object> training) {
    running.add(key);
    Future<Object> future = done.submit(training);
    jobs.put(future, new Job(key, rung));
  }

  /** Waits for a job to end and records it. */
  private void awaitOne() {
    Future<Object> next;
    try {
      next = done.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.requestStop();
      cancelAll();
      return;
    }
    Job job = jobs.remove(next);
    if (job == null) {
      return;
    }
    running.remove(job.key());
    Object value;
    try {
      value = next.get();
    } catch (CancellationException e) {
      pool.cancelled(job.key(), job.rung()); // not journaled: a resume trains it again
      return;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CancellationException) {
        pool.cancelled(job.key(), job.rung());
        return;
      }
      throw new IllegalStateException(
          "candidate " + job.key() + " crashed the evaluator", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (value instanceof CandidateEntry c) {
      finished(c);
      if (c.result().status() != Status.INVALID) {
        evolution.add(c.key(), genotype(c), c.result().seconds());
      }
    } else if (value instanceof RungEntry r) {
      finished(r.key(), r.rung(), r.result());
      evolution.spent(r.key(), r.result().seconds());
    }
    if (finishedJobs % budget.population() == 0) {
      pool.generationLine(finishedJobs / budget.population() - 1);
    }
  }

  private static int[] genotype(CandidateEntry c) {
    return c.genotype().stream().mapToInt(Integer::intValue).toArray();
  }

  private void cancelAll() {
    for (Future<?> f : jobs.keySet()) {
      f.cancel(true);
    }
  }
}
