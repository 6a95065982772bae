package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/**
 * How regularized evolution fills its population before it breeds: {@code random} trains random
 * genotypes as drawn; {@code stratified} draws the k-th random candidate from niche group k modulo
 * the number of groups (random genotypes drawn until one of that group is valid and new), so every
 * niche the space can produce starts with members instead of those the draws happen to favour.
 */
public enum EvolutionStart {
  RANDOM,
  STRATIFIED;

  /** The id used in specs and JSON ({@code random}, {@code stratified}). */
  public String id() {
    return Ids.id(this);
  }

  public static EvolutionStart fromId(String id) {
    return Ids.parse(EvolutionStart.class, id);
  }
}
