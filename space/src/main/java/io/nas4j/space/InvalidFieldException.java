package io.nas4j.space;

/**
 * A value that breaks its field's rule, e.g. {@code maxEpochs must be >= 1, but was 0}. The field
 * is named as the value type knows it ({@code maxEpochs}, {@code augmentation.cutout}); whoever
 * read the value names it as the user wrote it: a spec reader as {@code budget.maxEpochs}, the
 * command line as {@code --epochs}.
 */
public final class InvalidFieldException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String rule;

  /**
   * @param field the field's name in its value type
   * @param rule what is wrong, e.g. {@code must be >= 1, but was 0}
   */
  public InvalidFieldException(String field, String rule) {
    super(field + " " + rule);
    this.field = field;
    this.rule = rule;
  }

  public String field() {
    return field;
  }

  public String rule() {
    return rule;
  }

  /** The same error for a field named {@code name} by the caller. */
  public String messageFor(String name) {
    return name + " " + rule;
  }
}
