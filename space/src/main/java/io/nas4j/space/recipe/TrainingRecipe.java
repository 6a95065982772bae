package io.nas4j.space.recipe;

import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Training;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * How a network trains: which data (sizes of the training subset and the validation split, both
 * stratified and drawn with the split seed from the training data), when it stops (epochs, patience
 * on validation accuracy, wall time), how its learning rate moves, how its images are augmented and
 * its targets smoothed, its weight decay, whether an average of its weights is kept, and optionally
 * another batch size or learning rate than the architecture's own. One type for every training
 * nas4j does: the search's candidates (the spec's {@code budget} and its rungs), the final training
 * ({@code retrain}, {@code nas train}) and {@code --reproduce}. Immutable; every range is checked
 * here, once, and a bad value is an {@link InvalidFieldException} naming the field.
 *
 * @param trainSize training images; empty: every training image not held out for validation
 * @param valSize validation images; empty: 10% of the training images, at least one per class
 * @param maxEpochs at most this many epochs
 * @param patience stop after this many epochs without a validation-accuracy gain of more than
 *     {@code minDelta}; empty: never stop for that
 * @param timeLimitSeconds wall time of the whole training; empty: none
 * @param plateauFactor with {@link RateSchedule#PLATEAU}: the learning rate's factor after an epoch
 *     without a gain
 * @param labelSmoothing 0: one-hot targets; {@code e}: {@code 1 - e + e / classes} for the true
 *     class and {@code e / classes} for the others
 * @param weightDecay decoupled weight decay (as in AdamW): after every mini-batch each weight (not
 *     biases or batch-norm parameters) shrinks by this times the current learning rate; 0: none
 * @param emaDecay 0: the network trained is the network kept; {@code d} in (0, 1): an exponential
 *     moving average of the weights (batch-norm statistics included) is kept next to them, {@code
 *     avg = d' * avg + (1 - d') * weights} after every mini-batch with {@code d' = min(d, (1 + t) /
 *     (10 + t))} at mini-batch {@code t} (so a short training is not dominated by its random
 *     start); the average is what is validated, early-stopped on, restored and saved
 * @param batchSize instead of the architecture's own; empty: the architecture's
 * @param learningRate instead of the architecture's own initial rate; empty: the architecture's
 */
public record TrainingRecipe(
    OptionalInt trainSize,
    OptionalInt valSize,
    int maxEpochs,
    OptionalInt patience,
    double minDelta,
    OptionalInt timeLimitSeconds,
    RateSchedule schedule,
    double plateauFactor,
    Augmentation augmentation,
    double labelSmoothing,
    double weightDecay,
    double emaDecay,
    OptionalInt batchSize,
    OptionalDouble learningRate) {

  public static final int MAX_IMAGES = 100_000_000;
  public static final int MAX_EPOCHS = 10_000;
  public static final int MAX_SECONDS = 365 * 24 * 3600;
  public static final int MAX_BATCH = 8192;
  public static final double MAX_LEARNING_RATE = 10;

  public TrainingRecipe {
    Objects.requireNonNull(trainSize, "trainSize");
    Objects.requireNonNull(valSize, "valSize");
    Objects.requireNonNull(patience, "patience");
    Objects.requireNonNull(timeLimitSeconds, "timeLimitSeconds");
    Objects.requireNonNull(schedule, "learningRateSchedule");
    Objects.requireNonNull(augmentation, "augmentation");
    Objects.requireNonNull(batchSize, "batchSize");
    Objects.requireNonNull(learningRate, "learningRate");
    trainSize.ifPresent(n -> range("trainSize", n, 1, MAX_IMAGES));
    valSize.ifPresent(n -> range("valSize", n, 1, MAX_IMAGES));
    range("maxEpochs", maxEpochs, 1, MAX_EPOCHS);
    patience.ifPresent(n -> range("patience", n, 1, MAX_EPOCHS));
    fraction("minDelta", minDelta);
    timeLimitSeconds.ifPresent(n -> range("timeLimitSeconds", n, 1, MAX_SECONDS));
    if (!(plateauFactor > 0 && plateauFactor < 1)) {
      throw new InvalidFieldException(
          "plateauFactor", "must be in (0, 1), but was " + plateauFactor);
    }
    fraction("labelSmoothing", labelSmoothing);
    fraction("weightDecay", weightDecay);
    fraction("emaDecay", emaDecay);
    batchSize.ifPresent(n -> range("batchSize", n, 1, MAX_BATCH));
    learningRate.ifPresent(
        r -> {
          if (!(r > 0 && r < MAX_LEARNING_RATE)) {
            throw new InvalidFieldException(
                "learningRate", "must be in (0, %s), but was %s".formatted(MAX_LEARNING_RATE, r));
          }
        });
  }

  /**
   * The search's default per candidate, for a spec that leaves keys out: 10,000 training and 2,000
   * validation images, at most 5 epochs, patience 2, min-delta 0.001, 120 s, a constant rate, no
   * augmentation.
   */
  public static TrainingRecipe searchDefaults() {
    return new TrainingRecipe(
        OptionalInt.of(10_000),
        OptionalInt.of(2_000),
        5,
        OptionalInt.of(2),
        0.001,
        OptionalInt.of(120),
        RateSchedule.CONSTANT,
        0.5,
        Augmentation.none(),
        0,
        0,
        0,
        OptionalInt.empty(),
        OptionalDouble.empty());
  }

  /**
   * The final training's default ({@code nas train}): all training images but a 10% validation
   * split, at most 30 epochs, patience 5, no time limit, cosine decay, random shifts of up to 2
   * pixels and, where the dataset's labels survive a mirror image, flips.
   */
  public static TrainingRecipe retrainDefaults(boolean flip) {
    return new TrainingRecipe(
        OptionalInt.empty(),
        OptionalInt.empty(),
        30,
        OptionalInt.of(5),
        0,
        OptionalInt.empty(),
        RateSchedule.COSINE,
        0.5,
        Augmentation.of(2, flip, 0),
        0,
        0,
        0,
        OptionalInt.empty(),
        OptionalDouble.empty());
  }

  /** The images a training uses, once the data's size is known. */
  public record Sizes(int train, int validation) {}

  /**
   * The training and validation sizes for {@code available} training images of {@code classes}
   * classes.
   *
   * @throws InvalidFieldException if they do not fit
   */
  public Sizes sizes(int available, int classes) {
    int validation = valSize.orElse(Math.min(available - 1, Math.max(classes, available / 10)));
    if (validation < 1 || validation >= available) {
      throw new InvalidFieldException(
          "valSize",
          "must be in [1, %d) for %,d training images, but was %d"
              .formatted(available, available, validation));
    }
    int training = trainSize.orElse(available - validation);
    if (training < 1 || training > available - validation) {
      throw new InvalidFieldException(
          "trainSize",
          "must be in [1, %d] (the %,d training images minus %d for validation), but was %d"
              .formatted(available - validation, available, validation, training));
    }
    return new Sizes(training, validation);
  }

  /** {@code architecture} with this recipe's batch size and learning rate, where it has them. */
  public Architecture applyTo(Architecture architecture) {
    if (batchSize.isEmpty() && learningRate.isEmpty()) {
      return architecture;
    }
    Training t = architecture.training();
    return Architecture.of(
        architecture.input(),
        architecture.layers(),
        Training.of(
            t.optimizer(), learningRate.orElse(t.learningRate()), batchSize.orElse(t.batchSize())));
  }

  /**
   * In one line, e.g. {@code 10000 train / 2000 val images, <= 3 epochs, patience 1, <= 90 s,
   * cosine learning rate}, then what differs from a plain training (augmentation, label smoothing,
   * weight decay, weight average, batch size, learning rate).
   */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append(trainSize.isPresent() ? String.valueOf(trainSize.getAsInt()) : "all")
        .append(" train / ")
        .append(valSize.isPresent() ? String.valueOf(valSize.getAsInt()) : "10%")
        .append(" val images, <= ")
        .append(maxEpochs)
        .append(" epochs, ")
        .append(patience.isPresent() ? "patience " + patience.getAsInt() : "no patience stop")
        .append(", ")
        .append(
            timeLimitSeconds.isPresent()
                ? "<= " + timeLimitSeconds.getAsInt() + " s"
                : "no time limit")
        .append(", ")
        .append(schedule.id())
        .append(schedule == RateSchedule.PLATEAU ? " (x" + plateauFactor + ")" : "")
        .append(" learning rate");
    if (augmentation.active()) {
      out.append(", augmentation ").append(augmentation.describe());
    }
    if (labelSmoothing > 0) {
      out.append(", label smoothing ").append(labelSmoothing);
    }
    if (weightDecay > 0) {
      out.append(", weight decay ").append(weightDecay);
    }
    if (emaDecay > 0) {
      out.append(", weight average (EMA ").append(emaDecay).append(")");
    }
    batchSize.ifPresent(n -> out.append(", batch ").append(n));
    learningRate.ifPresent(r -> out.append(", initial rate ").append(r));
    return out.toString();
  }

  /** As the console shows it: {@code cosine decay to 0 over the budget}, ... */
  public String describeSchedule() {
    return switch (schedule) {
      case COSINE -> "cosine decay to 0 over the budget";
      case PLATEAU -> "x" + plateauFactor + " after each epoch without a gain";
      case CONSTANT -> "constant";
    };
  }

  public TrainingRecipe withTrainSize(OptionalInt images) {
    return with(c -> c.trainSize = images);
  }

  public TrainingRecipe withValSize(OptionalInt images) {
    return with(c -> c.valSize = images);
  }

  public TrainingRecipe withMaxEpochs(int epochs) {
    return with(c -> c.maxEpochs = epochs);
  }

  public TrainingRecipe withPatience(OptionalInt epochs) {
    return with(c -> c.patience = epochs);
  }

  public TrainingRecipe withMinDelta(double delta) {
    return with(c -> c.minDelta = delta);
  }

  public TrainingRecipe withTimeLimitSeconds(OptionalInt seconds) {
    return with(c -> c.timeLimitSeconds = seconds);
  }

  public TrainingRecipe withSchedule(RateSchedule rateSchedule) {
    return with(c -> c.schedule = rateSchedule);
  }

  public TrainingRecipe withPlateauFactor(double factor) {
    return with(c -> c.plateauFactor = factor);
  }

  public TrainingRecipe withAugmentation(Augmentation images) {
    return with(c -> c.augmentation = images);
  }

  public TrainingRecipe withLabelSmoothing(double e) {
    return with(c -> c.labelSmoothing = e);
  }

  public TrainingRecipe withWeightDecay(double coefficient) {
    return with(c -> c.weightDecay = coefficient);
  }

  public TrainingRecipe withEmaDecay(double decay) {
    return with(c -> c.emaDecay = decay);
  }

  public TrainingRecipe withBatchSize(OptionalInt size) {
    return with(c -> c.batchSize = size);
  }

  public TrainingRecipe withLearningRate(OptionalDouble rate) {
    return with(c -> c.learningRate = rate);
  }

  /** This recipe with {@code change} made to a copy of its fields (checked again). */
  private TrainingRecipe with(Consumer<Fields> change) {
    Fields c = new Fields(this);
    change.accept(c);
    return new TrainingRecipe(
        c.trainSize,
        c.valSize,
        c.maxEpochs,
        c.patience,
        c.minDelta,
        c.timeLimitSeconds,
        c.schedule,
        c.plateauFactor,
        c.augmentation,
        c.labelSmoothing,
        c.weightDecay,
        c.emaDecay,
        c.batchSize,
        c.learningRate);
  }

  /** A recipe's fields, to change one or more of them in a copy. */
  private static final class Fields {
    OptionalInt trainSize;
    OptionalInt valSize;
    int maxEpochs;
    OptionalInt patience;
    double minDelta;
    OptionalInt timeLimitSeconds;
    RateSchedule schedule;
    double plateauFactor;
    Augmentation augmentation;
    double labelSmoothing;
    double weightDecay;
    double emaDecay;
    OptionalInt batchSize;
    OptionalDouble learningRate;

    Fields(TrainingRecipe r) {
      trainSize = r.trainSize;
      valSize = r.valSize;
      maxEpochs = r.maxEpochs;
      patience = r.patience;
      minDelta = r.minDelta;
      timeLimitSeconds = r.timeLimitSeconds;
      schedule = r.schedule;
      plateauFactor = r.plateauFactor;
      augmentation = r.augmentation;
      labelSmoothing = r.labelSmoothing;
      weightDecay = r.weightDecay;
      emaDecay = r.emaDecay;
      batchSize = r.batchSize;
      learningRate = r.learningRate;
    }
  }

  private static void range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidFieldException(
          field, "must be in [%d, %d], but was %d".formatted(min, max, value));
    }
  }

  private static void fraction(String field, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new InvalidFieldException(field, "must be in [0, 1), but was " + value);
    }
  }
}
