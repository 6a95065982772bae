package io.nas4j.search;

import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.result.EvaluationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One generation of the generational strategies (the genetic algorithm and the random control): its
 * genotypes are decoded, keys met before are answered from the pool's cache (or counted as
 * duplicates), rejected architectures are journaled without training, the rest train on the pool's
 * workers with the median rule judged against earlier generations, and once all have finished the
 * generation's line is journaled.
 */
final class GenerationBatch {

  private final CandidatePool pool;
  private final int generation;

  GenerationBatch(CandidatePool pool, int generation) {
    this.pool = pool;
    this.generation = generation;
  }

  /**
   * The results of {@code genotypes}, in order (empty for those left unevaluated because the search
   * stopped).
   */
  List<Optional<EvaluationResult>> evaluate(List<int[]> genotypes) {
    // Checked here too, not only before a training: a run that trains nothing (every draw a
    // cache hit or untrainable) must stop at its wall time as well.
    if (!pool.running()) {
      // The strategy asks for one more generation before it sees the stop: nothing to record.
      return genotypes.stream().map(g -> Optional.<EvaluationResult>empty()).toList();
    }
    PruningHook hook = pool.pruning(pool.resultsBefore(generation));
    Map<String, Future<CandidateEntry>> running = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    for (int[] genotype : genotypes) {
      Architecture arch = pool.space().decode(genotype);
      String key = CanonicalKey.of(arch);
      keys.add(key);
      if (pool.claim(key, running.containsKey(key)) != RunLedger.Claim.NEW) {
        continue;
      }
      Optional<String> rejected = pool.space().rejection(arch);
      if (rejected.isPresent()) {
        pool.rejected(genotype, generation, arch, rejected.get());
      } else if (pool.startTraining(key)) {
        running.put(key, pool.submitTraining(genotype, key, arch, generation, hook));
      }
    }
    awaitAll(running);
    List<Optional<EvaluationResult>> results = keys.stream().map(pool::resultOf).toList();
    pool.generationLine(generation);
    return results;
  }

  /** Waits for the batch's trainings; a cancelled one is forgotten (resume trains it). */
  private void awaitAll(Map<String, Future<CandidateEntry>> running) {
    for (Map.Entry<String, Future<CandidateEntry>> run : running.entrySet()) {
      try {
        run.getValue().get();
      } catch (CancellationException e) {
        pool.forget(run.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof CancellationException)) {
          throw new IllegalStateException(
              "candidate " + run.getKey() + " crashed the evaluator", e.getCause());
        }
        pool.forget(run.getKey());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pool.requestStop();
        pool.forget(run.getKey());
      }
    }
  }
}
