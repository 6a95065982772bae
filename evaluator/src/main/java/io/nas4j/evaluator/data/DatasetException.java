package io.nas4j.evaluator.data;

/** A dataset that cannot be used; the message is one line naming the file and the problem. */
public final class DatasetException extends Exception {

  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
