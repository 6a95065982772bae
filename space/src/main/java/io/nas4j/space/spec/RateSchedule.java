package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/**
 * How a candidate's learning rate changes while it trains: {@code constant} (the architecture's
 * rate throughout), or {@code cosine} (from that rate down to 0 over the whole epochs that fit in
 * the candidate's budget: {@code maxEpochs}, or fewer when the time limit comes first).
 */
public enum RateSchedule {
  CONSTANT,
  COSINE;

  public String id() {
    return Ids.id(this);
  }

  public static RateSchedule fromId(String id) {
    return Ids.parse(RateSchedule.class, id);
  }
}
