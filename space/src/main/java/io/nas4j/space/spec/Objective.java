package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/**
 * What the search maximises: {@code accuracy} (validation accuracy alone), or validation accuracy
 * and low cost together ({@code accuracy-macs}, {@code accuracy-params}), searching for the Pareto
 * front of the two.
 */
public enum Objective {
  ACCURACY,
  ACCURACY_MACS,
  ACCURACY_PARAMS;

  public String id() {
    return Ids.id(this);
  }

  public static Objective fromId(String id) {
    return Ids.parse(Objective.class, id);
  }
}
