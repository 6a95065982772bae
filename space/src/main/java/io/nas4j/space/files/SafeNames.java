package io.nas4j.space.files;

import io.nas4j.space.InvalidFieldException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Names that become one element of a path (a run id, a training folder named after a key): 1 to
 * {@value #MAX_LENGTH} ASCII letters, digits, {@code -}, {@code _} and {@code .}, not starting with
 * {@code .}. Such a name resolved against a folder is always a child of it: never the folder
 * itself, its parent, an absolute path, a nested path or a hidden file.
 */
public final class SafeNames {

  /** The longest safe name; well below the 255 bytes file systems allow. */
  public static final int MAX_LENGTH = 128;

  /** The rule, for messages and help texts. */
  public static final String RULE =
      "must be 1 to "
          + MAX_LENGTH
          + " ASCII letters, digits, '-', '_' or '.', not starting with '.'";

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

  /** The longest part of a value that messages quote. */
  private static final int QUOTED = 60;

  private SafeNames() {}

  public static boolean isSafe(String name) {
    return name != null && name.length() <= MAX_LENGTH && SAFE.matcher(name).matches();
  }

  /**
   * {@code name}, if it is safe.
   *
   * @throws InvalidFieldException naming {@code field}, e.g. {@code runId must be 1 to 128 ..., but
   *     was '..'}
   */
  public static String check(String field, String name) {
    if (!isSafe(name)) {
      throw new InvalidFieldException(field, RULE + ", but was " + quote(name));
    }
    return name;
  }

  /**
   * {@code parent.resolve(name)}, a child of {@code parent}.
   *
   * @throws InvalidFieldException naming {@code field} if {@code name} is not safe
   */
  public static Path child(Path parent, String field, String name) {
    return parent.resolve(check(field, name));
  }

  /**
   * {@code text} in single quotes for a one-line message, {@link #escape escaped}: at most {@value
   * #QUOTED} characters of it, then how long it was.
   */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    return text.length() > QUOTED
        ? "'%s...' (%d characters)".formatted(escape(text.substring(0, QUOTED)), text.length())
        : "'" + escape(text) + "'";
  }

  /**
   * {@code text} with line breaks, tabs and other control characters escaped as in Java ({@code
   * \n}, {@code \t}, Unicode escapes), so that it stays on one line.
   */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            out.append("\\u%04x".formatted((int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
