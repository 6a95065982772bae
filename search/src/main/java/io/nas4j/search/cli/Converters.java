package io.nas4j.search.cli;

import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.files.SafeNames;
import io.nas4j.space.journal.RunId;
import io.nas4j.space.recipe.RateSchedule;
import io.nas4j.space.spec.Objective;
import io.nas4j.space.spec.Strategy;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line's typed values. A converter's message is the rule the value broke ({@code must
 * be ..., but was 'x'}); {@link Nas} puts the option's name, as the user typed it, in front.
 */
final class Converters {

  private Converters() {}

  /** Test-time augmentation of {@code nas train} and {@code nas evaluate}. */
  enum Tta {
    NONE,
    FLIP;

    static final class Converter extends Ids<Tta> {
      Converter() {
        super(Tta.class);
      }
    }
  }

  /** Registers the number and path converters on {@code cli} and its subcommands. */
  static CommandLine withTypes(CommandLine cli) {
    return cli.registerConverter(Path.class, Converters::path)
        .registerConverter(Integer.class, Converters::integer)
        .registerConverter(Integer.TYPE, Converters::integer)
        .registerConverter(Long.class, Converters::longValue)
        .registerConverter(Long.TYPE, Converters::longValue)
        .registerConverter(Double.class, Converters::number)
        .registerConverter(Double.TYPE, Converters::number);
  }

  /** A file or folder name: not empty (that would be the current folder), no NUL character. */
  private static Path path(String text) {
    if (text.isEmpty()) {
      throw new TypeConversionException("must be a file or folder name, but was ''");
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new TypeConversionException(
          "must be a file or folder name, but was %s (%s)"
              .formatted(SafeNames.quote(text), e.getReason()));
    }
  }

  private static int integer(String text) {
    long value = longValue(text);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new TypeConversionException(
          "must be an integer in [%d, %d], but was '%s'"
              .formatted(Integer.MIN_VALUE, Integer.MAX_VALUE, text));
    }
    return (int) value;
  }

  private static long longValue(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("must be an integer, but was '" + text + "'");
    }
  }

  private static double number(String text) {
    try {
      double value = Double.parseDouble(text.trim());
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TypeConversionException("must be a number, but was '" + text + "'");
  }

  /** Durations: {@code 45} (minutes), {@code 90s}, {@code 30m}, {@code 2h}; 1 s to 1 year. */
  static final class Time implements ITypeConverter<Duration> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smh]?)");

    @Override
    public Duration convert(String text) {
      Matcher m = DURATION.matcher(text.trim());
      if (!m.matches()) {
        throw new TypeConversionException(
            "must be minutes or a number with s, m or h (e.g. 30m), but was '" + text + "'");
      }
      long value = Long.parseLong(m.group(1));
      long seconds =
          switch (m.group(2)) {
            case "s" -> value;
            case "h" -> value * 3600;
            default -> value * 60;
          };
      if (seconds < 1 || seconds > 365L * 24 * 3600) {
        throw new TypeConversionException(
            "must be between 1 second and 1 year, but was '" + text + "'");
      }
      return Duration.ofSeconds(seconds);
    }
  }

  /** A count, or {@code none}. */
  static final class CountOrNone implements ITypeConverter<OptionalInt> {
    @Override
    public OptionalInt convert(String text) {
      if (text.trim().equals("none")) {
        return OptionalInt.empty();
      }
      try {
        return OptionalInt.of(Integer.parseInt(text.trim()));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("must be an integer or 'none', but was '" + text + "'");
      }
    }
  }

  /** An enum by its id ({@code cosine}, {@code accuracy-macs}, ...). */
  abstract static class Ids<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    Ids(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String text) {
      try {
        return io.nas4j.space.arch.Ids.parse(type, text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A run id: one {@link SafeNames safe name}, the run folder's. */
  static final class RunIdName implements ITypeConverter<RunId> {
    @Override
    public RunId convert(String text) {
      try {
        return RunId.of(text);
      } catch (InvalidFieldException e) {
        throw new TypeConversionException(e.rule());
      }
    }
  }

  static final class Schedule extends Ids<RateSchedule> {
    Schedule() {
      super(RateSchedule.class);
    }
  }

  static final class StrategyId extends Ids<Strategy> {
    StrategyId() {
      super(Strategy.class);
    }
  }

  static final class ObjectiveId extends Ids<Objective> {
    ObjectiveId() {
      super(Objective.class);
    }
  }
}
