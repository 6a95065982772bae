package io.nas4j.space.arch;

/**
 * How a convolution treats the border. {@code SAME} pads so that the output is {@code ceil(in /
 * stride)}; {@code VALID} does not pad, the output is {@code floor((in - kernel) / stride) + 1}.
 */
public enum Padding {
  SAME,
  VALID;

  /** The lower-case name used in specs, JSON and notation. */
  public String id() {
    return Ids.id(this);
  }

  public static Padding fromId(String id) {
    return Ids.parse(Padding.class, id);
  }
}
