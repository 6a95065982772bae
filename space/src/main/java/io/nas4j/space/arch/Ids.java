package io.nas4j.space.arch;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the lower-case ids by which enums appear in specs, JSON and notation. */
public final class Ids {

  private Ids() {}

  public static <E extends Enum<E>> E parse(Class<E> type, String id) {
    for (E constant : type.getEnumConstants()) {
      if (id(constant).equals(id)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "must be one of %s, but was '%s'".formatted(allowed(type), id));
  }

  /** The id of a constant: its name in lower case, with '-' for '_'. */
  public static String id(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static <E extends Enum<E>> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(Ids::id)
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
