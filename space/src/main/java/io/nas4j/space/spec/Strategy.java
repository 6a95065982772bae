package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/**
 * How the search proposes candidates. {@code evolution}: regularized (aging) evolution; {@code
 * random}: random sampling, the control.
 */
public enum Strategy {
  EVOLUTION,
  RANDOM;

  /** The lower-case id used in specs and JSON. */
  public String id() {
    return Ids.id(this);
  }

  public static Strategy fromId(String id) {
    return Ids.parse(Strategy.class, id);
  }
}
