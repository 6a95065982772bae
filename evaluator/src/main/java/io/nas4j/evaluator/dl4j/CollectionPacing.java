package io.nas4j.evaluator.dl4j;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * When training runs {@code System.gc()}. DL4J frees a native buffer only when Java's garbage
 * collector finds its owner unreachable, and training allocates so little on the Java heap that
 * collections would come too rarely on their own (native memory then grows by megabytes per
 * mini-batch). But {@code System.gc()} is a full, stop-the-world collection (about 50 ms in a
 * search's JVM on the 2-core VM) that halts every training in the JVM; run every 20 mini-batches of
 * each training, it took 4-9% of a search's wall time. So collections are paced by their cost: a
 * training's collection is due once it has run {@code minIterations} mini-batches since the JVM's
 * last collection and the time since that one ended is at least {@link #COST_RATIO} times what it
 * took (collections then take at most about 1/COST_RATIO of the time), and at the latest after
 * {@link #MAX_FACTOR} times {@code minIterations} mini-batches. The trainings of one JVM share one
 * pacing ({@link #JVM}), since one collection frees the buffers of all of them. Thread-safe.
 */
final class CollectionPacing {

  /** Time between collections, as a multiple of the last collection's duration. */
  static final long COST_RATIO = 50;

  /** Mini-batches after which a collection is due whatever it costs, as a multiple of the least. */
  static final int MAX_FACTOR = 10;

  /** The pacing of this JVM's trainings. */
  static final CollectionPacing JVM = new CollectionPacing(System::nanoTime, System::gc);

  private final LongSupplier clock;
  private final Runnable collector;
  private final AtomicLong collections = new AtomicLong();
  private volatile long lastEnd;
  private volatile long lastDuration;

  /**
   * @param clock nanoseconds
   * @param collector what a collection runs
   */
  CollectionPacing(LongSupplier clock, Runnable collector) {
    this.clock = clock;
    this.collector = collector;
    this.lastEnd = clock.getAsLong();
  }

  /**
   * The pacer of one training (one thread).
   *
   * @param minIterations the fewest mini-batches between two collections (0 = none ever; {@link
   *     Trainer.Options} validates it)
   */
  Pacer pacer(int minIterations) {
    return new Pacer(minIterations);
  }

  /** Counts one training's mini-batches and runs the collections that fall due. Not shared. */
  final class Pacer {
    private final int minIterations;
    private long seen = collections.get();
    private int iterations;

    private Pacer(int minIterations) {
      this.minIterations = minIterations;
    }

    /** Called after each mini-batch; runs a collection when one is due. */
    void afterIteration() {
      if (minIterations == 0) {
        return;
      }
      long count = collections.get();
      if (count != seen) {
        // Another training's collection freed this one's buffers too.
        seen = count;
        iterations = 0;
      }
      iterations++;
      if (iterations < minIterations) {
        return;
      }
      boolean cheapEnough = clock.getAsLong() - lastEnd >= COST_RATIO * lastDuration;
      if ((cheapEnough || iterations >= MAX_FACTOR * minIterations)
          && collections.compareAndSet(count, count + 1)) {
        long start = clock.getAsLong();
        collector.run();
        long end = clock.getAsLong();
        lastDuration = end - start;
        lastEnd = end;
        seen = count + 1;
        iterations = 0;
      }
    }
  }
}
