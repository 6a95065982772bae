package io.nas4j.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README is a manual: short, free of the benchmark machine's own folders, and every {@code nas}
 * command it shows runs (its {@code --help} works and its options parse).
 */
class DocsTest {

  /** The README aims at about 350 lines; the margin lets small edits pass. */
  static final int MAX_README_LINES = 400;

  /**
   * Absolute paths of one machine: {@code /work/...}, {@code /tmp/...}, {@code /home/...}, {@code
   * /root/...} and the like. System paths ({@code /usr/share/datasets/...}, {@code /etc/...}) are
   * fine; so are URLs ({@code spark://host}).
   */
  static final Pattern MACHINE_PATH =
      Pattern.compile(
          "(?<![\\w.~:/$<>-])/(work|tmp|home|root|mnt|Users|scratch|var/tmp)(?![\\w-])");

  private final Path root = Docs.root();

  @Test
  void readmeIsShort() {
    int lines = Docs.lines(root.resolve("README.md")).size();
    assertTrue(
        lines <= MAX_README_LINES,
        "README.md has %d lines, at most %d: move details to docs/"
            .formatted(lines, MAX_README_LINES));
  }

  @Test
  void noAbsolutePathsOfAMachine() {
    List<String> found = new ArrayList<>();
    for (Path file : Docs.markdownFiles(root)) {
      List<String> lines = Docs.lines(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = MACHINE_PATH.matcher(lines.get(i));
        while (m.find()) {
          found.add("%s:%d: %s".formatted(root.relativize(file), i + 1, lines.get(i).strip()));
        }
      }
    }
    assertEquals(
        List.of(),
        found,
        "absolute paths of a machine in the docs; write them relative (runs/...) or as a"
            + " placeholder (<runs>)");
  }

  @Test
  void machinePathPatternFlagsOnlyMachineFolders() {
    assertTrue(MACHINE_PATH.matcher("cd /work/bench-runs").find());
    assertTrue(MACHINE_PATH.matcher("--out /tmp/h2").find());
    assertTrue(MACHINE_PATH.matcher("(in /home/me)").find());
    assertTrue(MACHINE_PATH.matcher("`/root/x`").find());
    assertTrue(!MACHINE_PATH.matcher("path: /usr/share/datasets/fashion-mnist").find());
    assertTrue(!MACHINE_PATH.matcher("see /etc/hosts").find());
    assertTrue(!MACHINE_PATH.matcher("--master spark://host:7077 k8s://https://x/tmp").find());
    assertTrue(!MACHINE_PATH.matcher("runs/<run-id>/tmp/x and <runs>/tmp").find());
    assertTrue(!MACHINE_PATH.matcher("/workers and /tmpfs").find());
  }

  @Test
  void everyCommandShownInTheDocsRuns() {
    List<Docs.Invocation> invocations = Docs.invocations(Docs.markdownFiles(root));
    Set<String> readmeCommands = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (Docs.Invocation invocation : invocations) {
      List<String> args = invocation.args();
      String command = args.isEmpty() || args.get(0).startsWith("-") ? "" : args.get(0);
      if (invocation.file().getFileName().toString().equals("README.md")) {
        readmeCommands.add(command);
      }
      if (!command.isEmpty()) {
        StringWriter err = new StringWriter();
        int code =
            Nas.run(
                new String[] {command, "--help"},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        if (code != 0) {
          problems.add(
              invocation.where() + " -> nas " + command + " --help: " + err.toString().strip());
          continue;
        }
      }
      try {
        Converters.withTypes(new CommandLine(new Nas())).parseArgs(args.toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        problems.add(invocation.where() + " -> " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    assertEquals(List.of(), problems, "commands in the docs that nas does not accept");
    assertTrue(
        readmeCommands.containsAll(List.of("search", "report", "train")),
        "the README's tour shows nas search, report and train, but showed " + readmeCommands);
  }

  @Test
  void relativeLinksPointToFilesAndHeadings() {
    Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    List<String> broken = new ArrayList<>();
    for (Path file : Docs.markdownFiles(root)) {
      List<String> lines = Docs.lines(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = link.matcher(lines.get(i));
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("[a-z]+:.*")) {
            continue;
          }
          int hash = target.indexOf('#');
          String path = hash < 0 ? target : target.substring(0, hash);
          Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
          String where = "%s:%d: %s".formatted(root.relativize(file), i + 1, target);
          if (!Files.exists(resolved)) {
            broken.add(where + " (no such file)");
          } else if (hash >= 0 && !Docs.anchors(resolved).contains(target.substring(hash + 1))) {
            broken.add(where + " (no such heading)");
          }
        }
      }
    }
    assertEquals(List.of(), broken, "links in the docs that lead nowhere");
  }

  @Test
  void anchorsAreGitHubs() {
    assertEquals(
        "budget-and-retrain-training-recipes-optional",
        Docs.slug("budget and retrain: training recipes (optional)"));
    assertEquals("the-nas-command-line", Docs.slug("The `nas` command line"));
    assertEquals("headline6-best-so-far", Docs.slug("headline6 (best so far)"));
  }

  @Test
  void invocationsAreFoundInShellAndOutputBlocks() {
    Docs.Block block =
        new Docs.Block(
            Path.of("X.md"),
            "bash",
            10,
            List.of(
                "$ scripts/nas report runs/r1   # all trainings",
                "OMP_NUM_THREADS=1 nas train --arch net.json \\",
                "    --data fashion-mnist --seed 1",
                "scripts/search.sh specs/smoke.yaml --run-id 'a b' 2>&1 | tail",
                "run runs/r1: evolution search",
                "nas: spec file x.yaml: not found",
                "$app/bin/nas resume runs/c1 --engine spark"));
    List<List<String>> args = Docs.invocations(block).stream().map(Docs.Invocation::args).toList();
    assertEquals(
        List.of(
            List.of("report", "runs/r1"),
            List.of("train", "--arch", "net.json", "--data", "fashion-mnist", "--seed", "1"),
            List.of("search", "specs/smoke.yaml", "--run-id", "a b"),
            List.of("resume", "runs/c1", "--engine", "spark")),
        args);
    assertEquals(
        List.of(10, 11, 13, 16),
        Docs.invocations(block).stream().map(Docs.Invocation::line).toList());
    for (String language : List.of("text", "java", "yaml")) {
      Docs.Block output = new Docs.Block(Path.of("X.md"), language, 1, List.of("nas search"));
      assertEquals(List.of(), Docs.invocations(output), language);
    }
  }
}
