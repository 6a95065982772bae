package io.nas4j.space;

import java.util.List;
import java.util.Objects;

/**
 * One decision of the search space: a name such as {@code block2.kernel} and its choices, shown as
 * labels. A genotype holds, per gene, an index into {@link #labels()}.
 */
public record Gene(String name, List<String> labels) {

  public Gene {
    Objects.requireNonNull(name, "name");
    labels = List.copyOf(labels);
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("gene " + name + " must have >= 1 choice");
    }
  }

  public int size() {
    return labels.size();
  }
}
