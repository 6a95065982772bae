package io.nas4j.evaluator.dl4j;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spreads the Java loops that replace libnd4j ops ({@link JavaBatchNorm}, {@link JavaMaxPooling},
 * {@link InputConvolution}) over as many threads as ND4J runs, so that they use the cores the ops
 * they replace would have.
 */
final class JavaThreads {

  /** Workers shared by all networks; the calling thread works too. */
  private static final ForkJoinPool POOL =
      new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

  private JavaThreads() {}

  /**
   * Runs {@code body} for each of {@code 0..count-1}: on this thread alone when ND4J runs one
   * thread, else in as many contiguous chunks as ND4J's threads, this thread doing the first.
   */
  static void parallel(int count, IntConsumer body) {
    int chunks = Math.min(count, Nd4j.getEnvironment().maxThreads());
    ForkJoinTask<?>[] others = new ForkJoinTask<?>[Math.max(0, chunks - 1)];
    for (int i = 1; i < chunks; i++) {
      int from = count * i / chunks;
      int to = count * (i + 1) / chunks;
      others[i - 1] = POOL.submit(() -> range(from, to, body));
    }
    range(0, count / Math.max(1, chunks), body);
    for (ForkJoinTask<?> task : others) {
      task.join();
    }
  }

  private static void range(int from, int to, IntConsumer body) {
    for (int i = from; i < to; i++) {
      body.accept(i);
    }
  }
}
