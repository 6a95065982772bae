package io.nas4j.space.result;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What training one candidate produced. Immutable. For {@code ok} and {@code pruned} results the
 * best epoch is the one with the highest validation accuracy, and the best-epoch fields are its
 * scores; {@code failed} results keep whatever curve was measured before the failure, {@code
 * invalid} ones have none.
 *
 * @param stopReason why training stopped: {@code max-epochs}, {@code patience}, {@code time-limit},
 *     {@code pruned}, or for failures a short tag ({@code diverged}, {@code out-of-memory}, {@code
 *     too-slow}, {@code error}, {@code invalid})
 * @param error the one-line reason of a failed or invalid candidate
 * @param seconds wall time of the whole evaluation, building the network included
 * @param imagesPerSecond training images per second over all epochs (0 when none were trained)
 * @param environment backend, device and threads, e.g. {@code cpu onednn 2 threads (Intel ...)}
 */
public record EvaluationResult(
    Status status,
    List<EpochScore> curve,
    OptionalInt bestEpoch,
    int epochsRun,
    String stopReason,
    double seconds,
    double imagesPerSecond,
    long params,
    long macs,
    String environment,
    Optional<String> error) {

  public EvaluationResult {
    Objects.requireNonNull(status, "status");
    curve = List.copyOf(curve);
    for (int i = 0; i < curve.size(); i++) {
      if (curve.get(i).epoch() != i + 1) {
        throw new IllegalArgumentException(
            "curve[%d].epoch must be %d, but was %d".formatted(i, i + 1, curve.get(i).epoch()));
      }
    }
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(error, "error");
    if (bestEpoch.isPresent()
        && (bestEpoch.getAsInt() < 1 || bestEpoch.getAsInt() > curve.size())) {
      throw new IllegalArgumentException(
          "bestEpoch must be in [1, %d], but was %d".formatted(curve.size(), bestEpoch.getAsInt()));
    }
    if ((status == Status.FAILED || status == Status.INVALID) && error.isEmpty()) {
      throw new IllegalArgumentException(status.id() + " result must carry an error message");
    }
  }

  /** An architecture that was never trained. */
  public static EvaluationResult invalid(String reason, long params, long macs) {
    return new EvaluationResult(
        Status.INVALID,
        List.of(),
        OptionalInt.empty(),
        0,
        "invalid",
        0,
        0,
        params,
        macs,
        "",
        Optional.of(reason));
  }

  /** The best epoch's scores, if any epoch completed. */
  public Optional<EpochScore> best() {
    return bestEpoch.isPresent()
        ? Optional.of(curve.get(bestEpoch.getAsInt() - 1))
        : Optional.empty();
  }

  /** The best validation accuracy, or 0 when no epoch completed (fitness of failures). */
  public double bestValAccuracy() {
    return best().map(EpochScore::valAccuracy).orElse(0.0);
  }

  /** The mean training loss of the last epoch, or NaN when no epoch completed. */
  public double finalTrainLoss() {
    return curve.isEmpty() ? Double.NaN : curve.get(curve.size() - 1).trainLoss();
  }
}
