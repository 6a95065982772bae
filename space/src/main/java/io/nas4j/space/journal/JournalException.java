package io.nas4j.space.journal;

/** A journal that cannot be read; the message is one line naming the file and line. */
public final class JournalException extends Exception {

  private static final long serialVersionUID = 1L;

  public JournalException(String message) {
    super(message);
  }

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
