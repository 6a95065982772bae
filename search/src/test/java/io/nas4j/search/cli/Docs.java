package io.nas4j.search.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The project's Markdown (README.md and docs/*.md) as the documentation tests read it: its code
 * blocks, and the {@code nas} invocations shown in them.
 */
final class Docs {

  private Docs() {}

  /** A fenced code block: its language (empty when none), first line number and lines. */
  record Block(Path file, String language, int line, List<String> lines) {}

  /**
   * A command line shown in a code block, as the {@code nas} arguments it amounts to ({@code
   * scripts/search.sh X} is {@code nas search X}).
   */
  record Invocation(Path file, int line, String text, List<String> args) {

    String where() {
      return file.getFileName() + ":" + line + ": " + text;
    }
  }

  /** The repository root: the nearest folder above the working folder with README.md and docs/. */
  static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no README.md with docs/ above " + Path.of("").toAbsolutePath());
  }

  /** GitHub's anchors of a Markdown file's headings (outside code blocks). */
  static Set<String> anchors(Path file) {
    Set<String> anchors = new HashSet<>();
    boolean code = false;
    for (String line : lines(file)) {
      if (line.strip().startsWith("```")) {
        code = !code;
      } else if (!code && line.startsWith("#")) {
        anchors.add(slug(line.replaceFirst("^#+\\s*", "")));
      }
    }
    return anchors;
  }

  /** A heading's anchor as GitHub makes it: lower case, punctuation dropped, blanks to dashes. */
  static String slug(String heading) {
    return heading
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N} _-]", "")
        .replace(' ', '-');
  }

  /** README.md, then docs/*.md by name. */
  static List<Path> markdownFiles(Path root) {
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fenced code blocks of a Markdown file. */
  static List<Block> blocks(Path file) {
    List<String> lines = lines(file);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String fence = lines.get(i).strip();
      if (fence.startsWith("```")) {
        int start = i + 1;
        int end = start;
        while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
          end++;
        }
        blocks.add(
            new Block(file, fence.substring(3).strip(), start + 1, lines.subList(start, end)));
        i = end;
      }
    }
    return blocks;
  }

  /**
   * The {@code nas} invocations in shell, console and plain code blocks (not {@code text}, which
   * shows output): lines (after a {@code $} prompt and {@code VAR=value} assignments) that run
   * {@code nas}, {@code .../bin/nas}, {@code scripts/nas}, {@code scripts/search.sh}, {@code
   * scripts/train-best.sh} or {@code scripts/report.sh}; a trailing backslash continues a line; a
   * comment, pipe or redirection ends it.
   */
  static List<Invocation> invocations(Block block) {
    List<Invocation> out = new ArrayList<>();
    if (!List.of("", "bash", "sh", "shell", "console").contains(block.language())) {
      return out;
    }
    List<String> lines = block.lines();
    for (int i = 0; i < lines.size(); i++) {
      int first = i;
      StringBuilder text = new StringBuilder(lines.get(i).strip());
      while (text.toString().endsWith("\\") && i + 1 < lines.size()) {
        text.setLength(text.length() - 1);
        text.append(' ').append(lines.get(++i).strip());
      }
      int line = block.line() + first;
      nasArgs(words(text.toString()))
          .ifPresent(
              args -> out.add(new Invocation(block.file(), line, text.toString().strip(), args)));
    }
    return out;
  }

  /** Every invocation in README.md and docs/*.md. */
  static List<Invocation> invocations(List<Path> files) {
    List<Invocation> out = new ArrayList<>();
    for (Path file : files) {
      blocks(file).forEach(b -> out.addAll(invocations(b)));
    }
    return out;
  }

  private static Optional<List<String>> nasArgs(List<String> words) {
    int i = 0;
    if (i < words.size() && words.get(i).equals("$")) {
      i++;
    }
    while (i < words.size() && words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
      i++;
    }
    if (i + 2 < words.size() && words.get(i).equals("java") && words.get(i + 1).equals("-jar")) {
      i += 3;
      return Optional.of(List.copyOf(words.subList(i, words.size())));
    }
    if (i >= words.size()) {
      return Optional.empty();
    }
    String program = words.get(i);
    List<String> rest = words.subList(i + 1, words.size());
    List<String> args = new ArrayList<>();
    if (program.equals("nas") || program.endsWith("/nas")) {
      args.addAll(rest);
    } else if (program.endsWith("scripts/search.sh")) {
      args.add("search");
      args.addAll(rest);
    } else if (program.endsWith("scripts/train-best.sh")) {
      args.add("train");
      args.addAll(rest);
    } else if (program.endsWith("scripts/report.sh")) {
      args.add("report");
      args.addAll(rest);
    } else {
      return Optional.empty();
    }
    return Optional.of(List.copyOf(args));
  }

  /**
   * Shell-like words: blanks separate them, quotes group them; a comment, a pipe, a redirection or
   * a command separator ends the command.
   */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else if (word == null && (c == '#' || c == '|' || c == '>' || c == ';' || c == '&')) {
        break;
      } else if ((c == '>' || c == '<')
          && word != null
          && word.chars().allMatch(Character::isDigit)) {
        word = null; // a redirection such as 2>&1
        break;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
