package io.nas4j.space.spec;

/**
 * A spec that cannot be used: a file that cannot be read or parsed, or a key that is unknown,
 * missing, of the wrong type or out of range. The message is one line that names the file and the
 * key path, the rule and the value.
 */
public final class SpecException extends Exception {

  private static final long serialVersionUID = 1L;

  public SpecException(String message) {
    super(message);
  }

  public SpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
