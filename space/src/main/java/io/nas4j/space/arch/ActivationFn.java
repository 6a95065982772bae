package io.nas4j.space.arch;

/** Element-wise activation functions a network may use. */
public enum ActivationFn {
  RELU,
  LEAKYRELU,
  ELU,
  SWISH,
  TANH;

  public String id() {
    return Ids.id(this);
  }

  public static ActivationFn fromId(String id) {
    return Ids.parse(ActivationFn.class, id);
  }
}
