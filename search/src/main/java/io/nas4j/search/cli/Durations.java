package io.nas4j.search.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on the command line: {@code 45} (minutes), {@code 90s}, {@code 30m}, {@code 2h}. */
final class Durations {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smh]?)");

  private Durations() {}

  /** Seconds, between 1 second and 1 year. */
  static long seconds(String option, String text) throws BadInputException {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new BadInputException(
          "%s must be minutes or a number with s, m or h (e.g. 30m), but was '%s'"
              .formatted(option, text));
    }
    long value = Long.parseLong(m.group(1));
    long seconds =
        switch (m.group(2)) {
          case "s" -> value;
          case "h" -> value * 3600;
          default -> value * 60;
        };
    if (seconds < 1 || seconds > 365L * 24 * 3600) {
      throw new BadInputException(
          "%s must be between 1 second and 1 year, but was '%s'".formatted(option, text));
    }
    return seconds;
  }

  /** Whole minutes (seconds round up), at least 1. */
  static int minutes(String option, String text) throws BadInputException {
    return (int) ((seconds(option, text) + 59) / 60);
  }
}
