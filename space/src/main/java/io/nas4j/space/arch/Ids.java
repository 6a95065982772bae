package io.nas4j.space.arch;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the lower-case ids by which enums appear in specs, JSON and notation. */
public final class Ids {

  private Ids() {}

  public static <E extends Enum<E>> E parse(Class<E> type, String id) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(id)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "must be one of %s, but was '%s'".formatted(allowed(type), id));
  }

  public static <E extends Enum<E>> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
