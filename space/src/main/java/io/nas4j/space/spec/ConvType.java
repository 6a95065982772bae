package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/**
 * How a block's convolutions are built. {@code standard} is a full convolution, {@code separable} a
 * depthwise-separable one.
 */
public enum ConvType {
  STANDARD,
  SEPARABLE;

  /** The lower-case id used in specs and JSON. */
  public String id() {
    return Ids.id(this);
  }

  public static ConvType fromId(String id) {
    return Ids.parse(ConvType.class, id);
  }
}
