package io.nas4j.space.arch;

import java.util.Locale;

/** Gradient-descent updaters. {@code SGD} means SGD with Nesterov momentum 0.9. */
public enum Optimizer {
  ADAM,
  SGD,
  RMSPROP;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optimizer fromId(String id) {
    return Ids.parse(Optimizer.class, id);
  }
}
