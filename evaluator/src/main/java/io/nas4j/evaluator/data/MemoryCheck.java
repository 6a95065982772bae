package io.nas4j.evaluator.data;

import java.nio.file.Path;

/**
 * Checks, before data are allocated, that they fit in what this JVM's heap has left, so that a
 * dataset too large for the heap is a one-line {@link DatasetException} instead of an {@link
 * OutOfMemoryError} halfway through reading.
 */
final class MemoryCheck {

  /** The largest array the JVM allocates (HotSpot refuses {@code Integer.MAX_VALUE - 1}). */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private static final long MIB = 1024 * 1024;

  private MemoryCheck() {}

  /** Bytes the heap can still grow by: its maximum less what is in use now. */
  static long available() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
  }

  /**
   * @param what what needs the memory, e.g. "60,000 images of 28x28"
   * @param bytes the estimate
   */
  static void require(Path file, String what, long bytes) throws DatasetException {
    if (bytes > available()) {
      // What is in use may be garbage: collect it once before refusing.
      System.gc();
    }
    require(file, what, bytes, available(), Runtime.getRuntime().maxMemory());
  }

  static void require(Path file, String what, long bytes, long available, long max)
      throws DatasetException {
    if (bytes > available) {
      throw new DatasetException(
          ("%s: %s need about %,d MiB of memory, but this JVM has %,d MiB left of its %,d MiB"
                  + " heap; give it more with -Xmx (e.g. java -Xmx%dg)")
              .formatted(
                  file,
                  what,
                  ceilMib(bytes),
                  available / MIB,
                  max / MIB,
                  Math.max(2, (max - available + bytes) * 3 / 2 / (1024 * MIB) + 1)));
    }
  }

  private static long ceilMib(long bytes) {
    return (bytes + MIB - 1) / MIB;
  }
}
