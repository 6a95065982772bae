package io.nas4j.search;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When a run's session began (moved back by the time its earlier sessions spent), its wall-time
 * deadline, whether a stop was requested (Ctrl-C), and the first reason it stopped for: {@link
 * Search#INTERRUPTED}, {@code wall-time}, {@code max-evaluations} or {@link
 * CandidatePool#NO_TRAINABLE_NETWORK}. Later reasons do not replace the first.
 */
final class StopConditions {

  private final long startNanos;
  private final long deadlineNanos;
  private final AtomicBoolean requested = new AtomicBoolean();
  private volatile String reason;

  /**
   * @param secondsBefore what the run's earlier sessions took
   * @param wallTimeMinutes the run's wall time, earlier sessions included
   */
  StopConditions(double secondsBefore, long wallTimeMinutes) {
    this.startNanos = System.nanoTime() - (long) (secondsBefore * 1e9);
    this.deadlineNanos = startNanos + wallTimeMinutes * 60_000_000_000L;
  }

  /** A stop request (Ctrl-C): the run stops as {@link Search#INTERRUPTED} unless it stopped. */
  void request() {
    requested.set(true);
    stop(Search.INTERRUPTED);
  }

  boolean requested() {
    return requested.get();
  }

  /** Stops the run for {@code why}, unless it stopped already. */
  synchronized void stop(String why) {
    if (reason == null) {
      reason = why;
    }
  }

  /** Why the run stopped, or empty while it goes on. */
  Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * Stops the run as {@link Search#INTERRUPTED} after a request or as {@code wall-time} past the
   * deadline (unless it stopped); true while it goes on.
   */
  synchronized boolean check() {
    if (requested.get()) {
      stop(Search.INTERRUPTED);
    } else if (pastDeadline()) {
      stop("wall-time");
    }
    return reason == null;
  }

  boolean stopped() {
    return reason != null;
  }

  boolean pastDeadline() {
    return nanosLeft() < 0;
  }

  /** Nanoseconds to the wall-time deadline (negative once past it). */
  long nanosLeft() {
    return deadlineNanos - System.nanoTime();
  }

  /** Seconds the run has taken, earlier sessions included. */
  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
