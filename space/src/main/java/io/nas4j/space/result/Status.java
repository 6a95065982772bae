package io.nas4j.space.result;

import io.nas4j.space.arch.Ids;

/**
 * How a candidate ended. {@code ok}: trained to a normal stop; {@code pruned}: stopped early by the
 * search (its curve is kept); {@code failed}: training broke (diverged, out of memory, too slow, a
 * DL4J error); {@code invalid}: never trained (shapes collapse or a constraint is broken).
 */
public enum Status {
  OK,
  PRUNED,
  FAILED,
  INVALID;

  public String id() {
    return Ids.id(this);
  }

  public static Status fromId(String id) {
    return Ids.parse(Status.class, id);
  }
}
