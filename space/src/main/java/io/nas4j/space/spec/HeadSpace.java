package io.nas4j.space.spec;

import io.nas4j.space.arch.ActivationFn;
import java.util.List;
import java.util.Objects;

/**
 * The choices for the classifier head: the last block's maps flattened or globally pooled ({@code
 * pooling}; a gene only when it is not {@code [flatten]}), one hidden dense layer of {@code units}
 * (0 = none) with {@code activation}, then dropout at {@code dropout} rate (0 = none), then the
 * softmax output.
 */
public record HeadSpace(
    List<Integer> units, List<Double> dropout, ActivationFn activation, List<HeadPooling> pooling) {

  public HeadSpace {
    units = List.copyOf(units);
    dropout = List.copyOf(dropout);
    Objects.requireNonNull(activation, "activation");
    pooling = List.copyOf(pooling);
  }

  /** Whether the pooling is a gene (anything but {@code [flatten]}). */
  public boolean poolingGene() {
    return !pooling.equals(List.of(HeadPooling.FLATTEN));
  }
}
