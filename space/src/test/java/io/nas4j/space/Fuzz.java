package io.nas4j.space;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Random inputs for the readers' fuzz tests: random bytes and random edits of valid text (numbers
 * and words replaced by extreme or wrong values, lines deleted, repeated or swapped, stray
 * characters, cut ends). Seeded, so a failing case replays; the tests read {@code -Dfuzz.seed=N}
 * and {@code -Dfuzz.cases=M} to explore further.
 */
public final class Fuzz {

  private static final Pattern TOKEN = Pattern.compile("-?[0-9][0-9.eE+-]*|[A-Za-z_][A-Za-z0-9_]*");

  private static final List<String> VALUES =
      List.of(
          "0",
          "-1",
          "1",
          "2",
          "3",
          "2147483648",
          "-2147483649",
          "9223372036854775807",
          "9223372036854775808",
          "99999999999999999999",
          "-99999999999999999999",
          "1e300",
          "-1e300",
          "1e-300",
          "2.5",
          "1e3",
          "NaN",
          ".inf",
          "-.inf",
          "null",
          "~",
          "true",
          "[]",
          "{}",
          "[1, 2]",
          "{a: 1}",
          "''",
          "\"\"",
          "x",
          "type",
          "header",
          "candidate",
          "generation",
          "end",
          "ok",
          "invalid",
          "failed",
          "conv",
          "dense");

  private static final List<String> STRAY =
      List.of(
          ":",
          "-",
          "[",
          "]",
          "{",
          "}",
          ",",
          "\"",
          "'",
          "#",
          "&a ",
          "*a",
          "!!binary ",
          "\t",
          "\n",
          "  ",
          "\\",
          "\u00e9",
          "\0",
          "\uFEFF",
          "%",
          "@",
          "|",
          ">",
          "? ",
          "---\n",
          "...\n");

  private Fuzz() {}

  public static byte[] randomBytes(SplittableRandom random, int maxLength) {
    byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Random printable-ish text, biased towards YAML and JSON punctuation. */
  public static String randomText(SplittableRandom random, int maxLength) {
    StringBuilder out = new StringBuilder();
    for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
      out.append(
          random.nextInt(3) == 0
              ? STRAY.get(random.nextInt(STRAY.size()))
              : random.nextBoolean()
                  ? VALUES.get(random.nextInt(VALUES.size()))
                  : String.valueOf((char) (' ' + random.nextInt(95))));
    }
    return out.toString();
  }

  /**
   * One to four random edits of {@code valid}; half the time a single edit, so that many results
   * stay well-formed and reach the checks behind the parser.
   */
  public static String mutate(String valid, SplittableRandom random) {
    String text = valid;
    for (int edits = random.nextBoolean() ? 1 : 2 + random.nextInt(3); edits > 0; edits--) {
      text =
          switch (random.nextInt(6)) {
            case 0, 1 -> replaceToken(text, random);
            case 2 -> editLines(text, random);
            case 3 -> insert(text, random, STRAY.get(random.nextInt(STRAY.size())));
            case 4 -> text.substring(0, random.nextInt(text.length() + 1));
            default -> flipByte(text, random);
          };
    }
    return text;
  }

  private static String replaceToken(String text, SplittableRandom random) {
    Matcher m = TOKEN.matcher(text);
    List<int[]> tokens = new ArrayList<>();
    while (m.find()) {
      tokens.add(new int[] {m.start(), m.end()});
    }
    if (tokens.isEmpty()) {
      return text;
    }
    int[] t = tokens.get(random.nextInt(tokens.size()));
    String value = VALUES.get(random.nextInt(VALUES.size()));
    return text.substring(0, t[0]) + value + text.substring(t[1]);
  }

  private static String editLines(String text, SplittableRandom random) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int i = random.nextInt(lines.size());
    int j = random.nextInt(lines.size());
    switch (random.nextInt(4)) {
      case 0 -> lines.remove(i);
      case 1 -> lines.add(j, lines.get(i));
      case 2 -> {
        String a = lines.get(i);
        lines.set(i, lines.get(j));
        lines.set(j, a);
      }
      default -> lines.set(i, " ".repeat(random.nextInt(4)) + lines.get(i).stripLeading());
    }
    return String.join("\n", lines);
  }

  private static String insert(String text, SplittableRandom random, String what) {
    int at = random.nextInt(text.length() + 1);
    return text.substring(0, at) + what + text.substring(at);
  }

  private static String flipByte(String text, SplittableRandom random) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Fails unless {@code e}'s message is one non-blank line. */
  public static void assertOneLine(Exception e, String what) {
    String message = e.getMessage();
    if (message == null || message.isBlank() || message.lines().count() != 1) {
      fail(what + ": not a one-line message: " + message, e);
    }
  }

  /** The case, shortened for a failure message. */
  public static String show(int index, String input) {
    String shown = input.length() > 2000 ? input.substring(0, 2000) + "..." : input;
    return "case %d: %s".formatted(index, shown.replace("\n", "\\n"));
  }
}
