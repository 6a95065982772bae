package io.nas4j.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.search.cli.SpaceCommandTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way picocli can refuse a command line gives exactly one line on stderr, naming the option
 * as the user typed it, and exit code 2; nothing is run, loaded or written.
 */
class CommandLineErrorsTest {

  /** Runs {@code args} and checks the exit code 2 and the one line, {@code nas: <expected>}. */
  static void refused(String expected, String... args) {
    Result r = SpaceCommandTest.nas(args);
    assertEquals("nas: " + expected + "\n", r.err(), String.join(" ", args));
    assertEquals(2, r.code(), String.join(" ", args));
    assertEquals("", r.out(), String.join(" ", args));
  }

  @Test
  void unknownOptionsArgumentsAndCommands() {
    refused("Unknown option: '--sample' (see 'nas space --help')", "space", "--sample", "3");
    refused("Unknown option: '-x' (see 'nas search --help')", "search", "-x");
    refused("Unmatched argument at index 2: 'b' (see 'nas space --help')", "space", "a", "b");
    refused("Unmatched argument at index 0: 'nosuch' (see 'nas --help')", "nosuch");
    refused("Unknown subcommand 'nosuch' (see 'nas --help')", "help", "nosuch");
    refused("Missing required subcommand (see 'nas --help')");
  }

  @Test
  void anArgumentStartingWithAtIsAPathNotAnArgumentFile(@TempDir Path dir) throws IOException {
    // As an argument file, this one would make the command an unknown option's error.
    Path args = Files.writeString(dir.resolve("args.txt"), "--no-such-option\n");
    refused("spec file @" + args + ": not found", "space", "@" + args);
  }

  @Test
  void missingValuesAndRequiredOptions() {
    refused(
        "Missing required parameter for option '--run-id' (ID) (see 'nas search --help')",
        "search",
        "--run-id");
    // an alias is named as typed
    refused(
        "Missing required parameter for option '--runs' (DIR) (see 'nas search --help')",
        "search",
        "--runs");
    refused(
        "Missing required option: '--data=SPEC|DIR' (see 'nas evaluate --help')",
        "evaluate",
        "model.zip");
    refused("Missing required parameter: 'RUN' (see 'nas report --help')", "report");
    refused(
        "option '--run-id' (ID) should be specified only once (see 'nas search --help')",
        "search",
        "--run-id=a",
        "--run-id=b");
  }

  @Test
  void valuesOfEveryTypeThatDoNotConvert() {
    refused(
        "--top must be an integer, but was 'abc' (see 'nas search --help')",
        "search",
        "--top",
        "abc");
    refused(
        "--seed must be an integer, but was '1.5' (see 'nas space --help')",
        "space",
        "--seed",
        "1.5");
    refused(
        "--weight-decay must be a number, but was 'NaN' (see 'nas train --help')",
        "train",
        "--weight-decay",
        "NaN");
    refused(
        "--time-limit must be minutes or a number with s, m or h (e.g. 30m), but was '1d'"
            + " (see 'nas train --help')",
        "train",
        "--time-limit=1d");
    refused(
        "--patience must be an integer or 'none', but was 'never' (see 'nas train --help')",
        "train",
        "--patience",
        "never");
    refused(
        "--format must be one of [architecture, dl4j, java], but was 'xml'"
            + " (see 'nas export --help')",
        "export",
        "--format",
        "xml");
    refused(
        "--lr-schedule must be one of [constant, cosine, plateau], but was 'step'"
            + " (see 'nas train --help')",
        "train",
        "--lr-schedule",
        "step");
    refused(
        "--objective must be one of [accuracy, accuracy-macs, accuracy-params], but was 'speed'"
            + " (see 'nas search --help')",
        "search",
        "--objective",
        "speed");
    refused(
        "--tta must be one of [none, flip], but was 'FLIP' (see 'nas evaluate --help')",
        "evaluate",
        "m.zip",
        "--data",
        "d",
        "--tta",
        "FLIP");
    refused(
        "--conf must be KEY=VALUE, but was 'spark.executor.memory' (see 'nas resume --help')",
        "resume",
        "runs/x",
        "--conf",
        "spark.executor.memory");
  }

  @Test
  void pathsMustBeNamesAndTheEmptyOneIsNotTheCurrentFolder() {
    refused(
        "--out must be a file or folder name, but was '' (see 'nas search --help')",
        "search",
        "--out",
        "");
    refused(
        "--runs must be a file or folder name, but was '' (see 'nas search --help')",
        "search",
        "--runs=");
    refused(
        "--out must be a file or folder name, but was 'a\\u0000b' (Nul character not allowed)"
            + " (see 'nas export --help')",
        "export",
        "--out",
        "a\0b");
    refused(
        "RUN must be a file or folder name, but was '' (see 'nas report --help')", "report", "");
    refused(
        "--arch must be a file or folder name, but was '' (see 'nas train --help')",
        "train",
        "--arch",
        "");
  }

  @Test
  void aValueWithALineBreakStaysOnOneLine() {
    refused(
        "--strategy must be one of [regularized, evolution, random], but was 'a\\nb'"
            + " (see 'nas search --help')",
        "search",
        "--strategy",
        "a\nb");
    refused(
        "Unmatched argument at index 2: 'x\\ny' (see 'nas space --help')", "space", "a", "x\ny");
  }

  @Test
  void helpOfEveryCommandIsUsageOnStdoutAndExitZero() {
    for (String command :
        List.of("search", "resume", "report", "train", "export", "evaluate", "space")) {
      for (List<String> args : List.of(List.of(command, "--help"), List.of("help", command))) {
        Result r = SpaceCommandTest.nas(args.toArray(String[]::new));
        assertEquals(0, r.code(), args.toString());
        assertEquals("", r.err(), args.toString());
        assertTrue(r.out().startsWith("Usage: nas " + command + " "), r.out());
      }
    }
    Result version = SpaceCommandTest.nas("--version");
    assertEquals(0, version.code());
    assertTrue(version.out().startsWith("nas4j "), version.out());
  }
}
