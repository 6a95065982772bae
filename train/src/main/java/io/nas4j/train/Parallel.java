package io.nas4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs tasks up to {@code parallel} at once, on threads of its own. */
final class Parallel {

  private Parallel() {}

  /** The tasks' results in task order; the first task's exception, if any, is thrown. */
  static <T> List<T> run(List<Callable<T>> tasks, int parallel) throws Exception {
    List<T> out = new ArrayList<>();
    if (parallel == 1 || tasks.size() < 2) {
      for (Callable<T> task : tasks) {
        out.add(task.call());
      }
      return out;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallel, tasks.size()), r -> new Thread(r, "nas4j-training"));
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      for (Future<T> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }
}
