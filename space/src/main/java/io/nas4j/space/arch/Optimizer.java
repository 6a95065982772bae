package io.nas4j.space.arch;

/** Gradient-descent updaters. {@code SGD} means SGD with Nesterov momentum 0.9. */
public enum Optimizer {
  ADAM,
  SGD,
  RMSPROP;

  public String id() {
    return Ids.id(this);
  }

  public static Optimizer fromId(String id) {
    return Ids.parse(Optimizer.class, id);
  }
}
