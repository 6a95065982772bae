package io.nas4j.space.ablation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A design question asked of one architecture: its variants (each compared with the base), or why
 * it does not apply; {@code invalid} names variants that were built but cannot be trained, with the
 * reason.
 *
 * @param id the question's id, one of {@link Ablations#IDS}
 * @param title the question in words, e.g. "one 5x5 vs two stacked 3x3"
 * @param change what the variants change in this architecture, e.g. "layer 0 (c5x32)"
 */
public record Question(
    String id,
    String title,
    String change,
    List<Variant> variants,
    Optional<String> notApplicable,
    List<String> invalid) {

  public Question {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(change, "change");
    variants = List.copyOf(variants);
    Objects.requireNonNull(notApplicable, "notApplicable");
    invalid = List.copyOf(invalid);
  }

  /** Whether the question has at least one trainable variant. */
  public boolean applies() {
    return notApplicable.isEmpty() && !variants.isEmpty();
  }

  static Question notApplicable(String id, String title, String reason) {
    return new Question(id, title, "", List.of(), Optional.of(reason), List.of());
  }
}
