package io.nas4j.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md is what the program's picocli model says: adding, renaming or describing an option
 * without regenerating the file fails here. With {@code -Dnas4j.regenerate=true} the test rewrites
 * the file instead (see {@link CliDoc#REGENERATE}).
 */
class CliDocTest {

  @Test
  void cliDocIsUpToDate() throws Exception {
    Path file = CliDoc.file(Docs.root());
    String expected = CliDoc.render();
    if (Boolean.getBoolean("nas4j.regenerate")) {
      Files.writeString(file, expected, StandardCharsets.UTF_8);
    }
    String actual = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    assertTrue(
        expected.equals(actual),
        () ->
            "docs/cli.md differs from the nas command line (%s); regenerate it from the repository"
                    .formatted(firstDifference(expected, actual))
                + " root: "
                + CliDoc.REGENERATE);
  }

  @Test
  void cliDocShowsEveryCommandAndOption() {
    String text = CliDoc.render();
    List<String> missing = new ArrayList<>();
    CommandLine nas = new CommandLine(new Nas());
    nas.getSubcommands()
        .forEach(
            (name, command) -> {
              if (name.equals("help")) {
                return;
              }
              if (!text.contains("\n## nas " + name + "\n")) {
                missing.add("nas " + name);
              }
              for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
                if (!option.hidden() && !text.contains(option.longestName())) {
                  missing.add("nas " + name + " " + option.longestName());
                }
              }
            });
    assertEquals(List.of(), missing);
  }

  @Test
  void cliDocDoesNotDependOnTheTerminalWidth() {
    String before = CliDoc.render();
    System.setProperty("picocli.usage.width", "200");
    try {
      assertEquals(before, CliDoc.render());
    } finally {
      System.clearProperty("picocli.usage.width");
    }
    boolean inUsage = false;
    for (String line : before.lines().toList()) {
      if (line.startsWith("```")) {
        inUsage = line.equals("```text");
      } else if (inUsage) {
        assertTrue(line.length() <= CliDoc.WIDTH, "wider than " + CliDoc.WIDTH + ": " + line);
      }
    }
  }

  private static String firstDifference(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
      String el = i < e.size() ? e.get(i) : "<end of file>";
      String al = i < a.size() ? a.get(i) : "<end of file>";
      if (!el.equals(al)) {
        return "line %d is '%s', the program says '%s'".formatted(i + 1, al, el);
      }
    }
    return "line endings differ";
  }
}
