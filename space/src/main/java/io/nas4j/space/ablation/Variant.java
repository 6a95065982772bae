package io.nas4j.space.ablation;

import io.nas4j.space.arch.Architecture;
import java.util.Objects;

/** One alternative to a base architecture that changes one design choice, named for people. */
public record Variant(String name, Architecture architecture) {

  public Variant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
  }
}
