package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/** How the head reads the last block's feature maps. */
public enum HeadPooling {
  /** Every value of every feature map (the implicit flattening). */
  FLATTEN,
  /** Global average pooling: one value per channel. */
  AVG,
  /** Global max pooling: one value per channel. */
  MAX;

  public String id() {
    return Ids.id(this);
  }

  public static HeadPooling fromId(String id) {
    return Ids.parse(HeadPooling.class, id);
  }
}
