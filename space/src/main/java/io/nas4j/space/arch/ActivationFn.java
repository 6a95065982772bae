package io.nas4j.space.arch;

import java.util.Locale;

/** Element-wise activation functions a network may use. */
public enum ActivationFn {
  RELU,
  LEAKYRELU,
  ELU,
  SWISH,
  TANH;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ActivationFn fromId(String id) {
    return Ids.parse(ActivationFn.class, id);
  }
}
