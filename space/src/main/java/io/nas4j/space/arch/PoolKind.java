package io.nas4j.space.arch;

/** The reduction a pooling layer applies over its window. */
public enum PoolKind {
  MAX,
  AVG;

  public String id() {
    return Ids.id(this);
  }

  public static PoolKind fromId(String id) {
    return Ids.parse(PoolKind.class, id);
  }
}
