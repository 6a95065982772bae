package io.nas4j.space.arch;

import java.util.Locale;

/** The reduction a pooling layer applies over its window. */
public enum PoolKind {
  MAX,
  AVG;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PoolKind fromId(String id) {
    return Ids.parse(PoolKind.class, id);
  }
}
