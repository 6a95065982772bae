package io.nas4j.space.recipe;

import io.nas4j.space.arch.Ids;

/**
 * How the learning rate changes while a network trains: {@code constant} (the architecture's rate
 * throughout), {@code cosine} (from that rate down to 0 over the whole epochs that fit in the
 * recipe: {@code maxEpochs}, or fewer when the time limit comes first), or {@code plateau}
 * (multiplied by the recipe's {@code plateauFactor} after every epoch without a validation gain).
 */
public enum RateSchedule {
  CONSTANT,
  COSINE,
  PLATEAU;

  public String id() {
    return Ids.id(this);
  }

  public static RateSchedule fromId(String id) {
    return Ids.parse(RateSchedule.class, id);
  }
}
