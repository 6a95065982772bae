package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/**
 * How two parents mix genes: {@code uniform} takes each gene from either parent with equal
 * probability; {@code single-point} takes the genes before a random cut from one parent and the
 * rest from the other.
 */
public enum Crossover {
  UNIFORM,
  SINGLE_POINT;

  /** The id used in specs and JSON ({@code uniform}, {@code single-point}). */
  public String id() {
    return Ids.id(this);
  }

  public static Crossover fromId(String id) {
    return Ids.parse(Crossover.class, id);
  }
}
