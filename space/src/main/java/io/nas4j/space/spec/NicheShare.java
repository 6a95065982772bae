package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/**
 * What regularized evolution's niches share equally: {@code children} draws a tournament's niche
 * uniformly among those in the population, so each breeds at the same rate in children; {@code
 * time} draws it with weight inversely proportional to the mean training seconds (all rungs) of the
 * niche's candidates so far, so each breeds at the same rate in core time and a niche of nets five
 * times slower to train gets about a fifth of the children.
 */
public enum NicheShare {
  CHILDREN,
  TIME;

  /** The id used in specs and JSON ({@code children}, {@code time}). */
  public String id() {
    return Ids.id(this);
  }

  public static NicheShare fromId(String id) {
    return Ids.parse(NicheShare.class, id);
  }
}
