package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/** The pooling after a block. */
public enum PoolChoice {
  NONE,
  MAX,
  AVG;

  /** The lower-case id used in specs and JSON. */
  public String id() {
    return Ids.id(this);
  }

  public static PoolChoice fromId(String id) {
    return Ids.parse(PoolChoice.class, id);
  }
}
