package io.nas4j.search.cli;

/** Bad input found by a command: reported as one line with exit code 2. */
public final class BadInputException extends Exception {

  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  /** Bad input found through {@code cause} (e.g. an I/O error on a path the user gave). */
  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
