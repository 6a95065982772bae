package io.nas4j.search.cli;

import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.recipe.Augmentation;
import io.nas4j.space.recipe.RateSchedule;
import io.nas4j.space.recipe.TrainingRecipe;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * The options that change a {@link TrainingRecipe}: each one given replaces the recipe's value, the
 * others keep it (the spec's {@code retrain} section, or the search's own recipe for {@code
 * --reproduce}). The recipe checks the values; {@link #badInput} names a broken one as its option.
 */
final class RecipeOptions {

  /** The option of each recipe field, for messages. */
  private static final Map<String, String> OPTIONS =
      Map.ofEntries(
          Map.entry("trainSize", "--train-size"),
          Map.entry("valSize", "--val-size"),
          Map.entry("maxEpochs", "--epochs"),
          Map.entry("patience", "--patience"),
          Map.entry("minDelta", "--min-delta"),
          Map.entry("timeLimitSeconds", "--time-limit"),
          Map.entry("learningRateSchedule", "--lr-schedule"),
          Map.entry("plateauFactor", "--lr-decay"),
          Map.entry("augmentation.shift", "--shift"),
          Map.entry("augmentation.flip", "flips (dataset.horizontalFlip)"),
          Map.entry("augmentation.cutout", "--cutout"),
          Map.entry("labelSmoothing", "--label-smoothing"),
          Map.entry("weightDecay", "--weight-decay"),
          Map.entry("emaDecay", "--ema-decay"),
          Map.entry("batchSize", "--batch-size"),
          Map.entry("learningRate", "--learning-rate"));

  @Option(
      names = "--train-size",
      paramLabel = "N",
      description =
          "Train on a stratified subset of N images (default: all but the validation images).")
  Integer trainSize;

  @Option(
      names = "--val-size",
      paramLabel = "N",
      description = "Validation images held out for early stopping (default: 10%% of training).")
  Integer valSize;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Maximum epochs per training (default: the recipe's, 30).")
  Integer epochs;

  @Option(
      names = "--patience",
      paramLabel = "N|none",
      converter = Converters.CountOrNone.class,
      description =
          "Stop after N epochs without a validation-accuracy gain; none: never (default: the"
              + " recipe's, 5).")
  OptionalInt patience;

  @Option(
      names = "--min-delta",
      paramLabel = "D",
      description = "Smallest validation-accuracy gain that counts (default: the recipe's, 0).")
  Double minDelta;

  @Option(
      names = "--time-limit",
      paramLabel = "TIME",
      converter = Converters.Time.class,
      description = "Wall-time limit per training: minutes, or e.g. 90s, 30m, 2h (default: none).")
  Duration timeLimit;

  @Option(
      names = "--lr-schedule",
      paramLabel = "cosine|plateau|constant",
      converter = Converters.Schedule.class,
      description =
          "cosine: decay the learning rate to 0 over the whole epochs that fit in --epochs and"
              + " --time-limit (no epoch is started that would not finish); plateau: multiply it by"
              + " --lr-decay after every epoch without a validation-accuracy gain; constant"
              + " (default: the recipe's, cosine).")
  RateSchedule schedule;

  @Option(
      names = "--lr-decay",
      paramLabel = "F",
      description = "With --lr-schedule plateau: the factor in (0, 1) (default: 0.5).")
  Double lrDecay;

  @Option(
      names = "--shift",
      paramLabel = "PIXELS",
      description = "Augmentation: random shifts of up to this many pixels (default: 2).")
  Integer shift;

  @Option(
      names = "--no-augment",
      description = "No shifts, flips or cutout (flips happen only where the dataset allows them).")
  boolean noAugment;

  @Option(
      names = "--cutout",
      paramLabel = "PIXELS",
      description =
          "Augmentation: blacken a square of this side at a random place in half of the training"
              + " images (0 = none; default: 0).")
  Integer cutout;

  @Option(
      names = "--label-smoothing",
      paramLabel = "E",
      description =
          "Train towards 1 - E + E/classes for the true class and E/classes for the others"
              + " instead of one-hot targets (0 = one-hot; default: 0).")
  Double labelSmoothing;

  @Option(
      names = "--weight-decay",
      paramLabel = "W",
      description =
          "Decoupled weight decay (as in AdamW): after every mini-batch each weight (not biases or"
              + " batch-norm parameters) shrinks by W times the current learning rate (0 = none;"
              + " default: 0).")
  Double weightDecay;

  @Option(
      names = "--ema-decay",
      paramLabel = "D",
      description =
          "Keep an exponential moving average of the weights, AVG = D x AVG + (1 - D) x weights"
              + " after every mini-batch (D warms up as min(D, (1+t)/(10+t))), and validate, keep"
              + " and save the average instead of the trained weights (0 = none; default: the"
              + " recipe's).")
  Double emaDecay;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description =
          "Mini-batch size instead of the architecture's own (e.g. 128: on CPUs larger batches"
              + " train more images per second).")
  Integer batchSize;

  @Option(
      names = "--learning-rate",
      paramLabel = "LR",
      description = "Initial learning rate instead of the architecture's own.")
  Double learningRate;

  /**
   * {@code base} with every given option applied.
   *
   * @throws BadInputException naming the option of a value the recipe refuses
   */
  TrainingRecipe apply(TrainingRecipe base) throws BadInputException {
    if (noAugment && (shift != null || cutout != null)) {
      throw new BadInputException(
          (shift != null ? "--shift" : "--cutout")
              + " is an augmentation: drop --no-augment or "
              + (shift != null ? "--shift" : "--cutout"));
    }
    RateSchedule rates = schedule != null ? schedule : base.schedule();
    if (lrDecay != null && rates != RateSchedule.PLATEAU) {
      throw new BadInputException("--lr-decay goes with --lr-schedule plateau only");
    }
    try {
      TrainingRecipe r = base;
      if (trainSize != null) {
        r = r.withTrainSize(OptionalInt.of(trainSize));
      }
      if (valSize != null) {
        r = r.withValSize(OptionalInt.of(valSize));
      }
      if (epochs != null) {
        r = r.withMaxEpochs(epochs);
      }
      if (patience != null) {
        r = r.withPatience(patience);
      }
      if (minDelta != null) {
        r = r.withMinDelta(minDelta);
      }
      if (timeLimit != null) {
        r = r.withTimeLimitSeconds(OptionalInt.of((int) timeLimit.toSeconds()));
      }
      r = r.withSchedule(rates);
      if (lrDecay != null) {
        r = r.withPlateauFactor(lrDecay);
      }
      Augmentation a = noAugment ? Augmentation.none() : r.augmentation();
      if (shift != null) {
        a = a.withShift(shift);
      }
      if (cutout != null) {
        a = a.withCutout(cutout);
      }
      r = r.withAugmentation(a);
      if (labelSmoothing != null) {
        r = r.withLabelSmoothing(labelSmoothing);
      }
      if (weightDecay != null) {
        r = r.withWeightDecay(weightDecay);
      }
      if (emaDecay != null) {
        r = r.withEmaDecay(emaDecay);
      }
      if (batchSize != null) {
        r = r.withBatchSize(OptionalInt.of(batchSize));
      }
      if (learningRate != null) {
        r = r.withLearningRate(OptionalDouble.of(learningRate));
      }
      return r;
    } catch (InvalidFieldException e) {
      throw badInput(e);
    }
  }

  /** A recipe's refusal as bad input naming the option, e.g. {@code --epochs must be ...}. */
  static BadInputException badInput(InvalidFieldException e) {
    return new BadInputException(e.messageFor(OPTIONS.getOrDefault(e.field(), e.field())));
  }

  /**
   * A recipe's refusal of a value the run's spec gave (no option set it), named by its key there,
   * e.g. {@code retrain.trainSize in the run's spec must be ...}.
   */
  static BadInputException fromSpec(InvalidFieldException e, String section) {
    return new BadInputException(
        e.messageFor("%s.%s in the run's spec".formatted(section, e.field())));
  }

  /**
   * A recipe's refusal named as the option when the option was given, else as {@code section}'s key
   * in the run's spec (no section: the option, as for a recipe of nas4j's own defaults).
   */
  BadInputException refused(InvalidFieldException e, String section) {
    return section == null || given(e.field()) ? badInput(e) : fromSpec(e, section);
  }

  /** Whether the option of recipe field {@code field} was given (unknown fields: as if given). */
  private boolean given(String field) {
    return switch (field) {
      case "trainSize" -> trainSize != null;
      case "valSize" -> valSize != null;
      case "maxEpochs" -> epochs != null;
      case "patience" -> patience != null;
      case "minDelta" -> minDelta != null;
      case "timeLimitSeconds" -> timeLimit != null;
      case "batchSize" -> batchSize != null;
      case "learningRate" -> learningRate != null;
      default -> true;
    };
  }
}
