package io.nas4j.search.cli;

import static io.nas4j.search.cli.CommandLineErrorsTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.nas4j.search.cli.SpaceCommandTest.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where commands write: run ids that would leave {@code --out}, paths a command cannot write (a
 * file in the way, a read-only folder) and existing files are refused with one line and exit code
 * 2, before anything is loaded, trained or written; {@code --top} is at least 1 everywhere.
 */
class OutputPathsTest {

  @TempDir Path dir;

  /** A finished two-candidate run of specs/smoke.yaml. */
  private Path run;

  /** A regular file, for paths that lead through one. */
  private Path file;

  @BeforeEach
  void fixtures() throws IOException {
    run = Files.createDirectories(dir.resolve("runs").resolve("r1"));
    try (InputStream journal = getClass().getResourceAsStream("/cli-run/journal.jsonl")) {
      Files.copy(journal, run.resolve("journal.jsonl"));
    }
    file = Files.writeString(dir.resolve("afile"), "not a folder\n");
  }

  /** Everything under {@link #dir}, to show that a refusal wrote nothing. */
  private List<Path> tree() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.sorted().toList();
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Test
  void aRunIdIsOneSafeNameInsideOut() throws IOException {
    String out = dir.resolve("runs").toString();
    List<Path> before = tree();
    for (String id :
        List.of(
            "..",
            ".",
            "",
            dir.resolve("elsewhere").toString(),
            "../escaped",
            "a/b",
            ".hidden",
            "a\nb",
            "x".repeat(129))) {
      Result r = SpaceCommandTest.nas("search", "--out", out, "--run-id", id);
      assertEquals(2, r.code(), id);
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(
          r.err()
              .startsWith(
                  "nas: --run-id must be 1 to 128 ASCII letters, digits, '-', '_' or '.', not"
                      + " starting with '.', but was '"),
          r.err());
    }
    refused(
        "--run-id must be 1 to 128 ASCII letters, digits, '-', '_' or '.', not starting with"
            + " '.', but was '..' (see 'nas search --help')",
        "search",
        "--out",
        out,
        "--run-id",
        "..");
    refused(
        "--run-id must be 1 to 128 ASCII letters, digits, '-', '_' or '.', not starting with"
            + " '.', but was 'a\\nb' (see 'nas search --help')",
        "search",
        "--run-id",
        "a\nb");
    refused(
        "--run-id must be 1 to 128 ASCII letters, digits, '-', '_' or '.', not starting with"
            + " '.', but was '"
            + "x".repeat(60)
            + "...' (129 characters) (see 'nas search --help')",
        "search",
        "--run-id",
        "x".repeat(129));
    assertEquals(before, tree(), "a refused run id wrote nothing");
  }

  @Test
  void resumeTakesItsFolderAndNoOtherPlace() {
    refused(
        "--resume continues the run in its own folder: give no --run-id or --runs",
        "search",
        "--resume",
        run.toString(),
        "--runs",
        dir.toString());
  }

  @Test
  void aFileWhereAFolderMustBeIsNamed() throws IOException {
    List<Path> before = tree();
    refused("--out " + file + " is a file, not a folder", "search", "--out", file.toString());
    refused(
        "--runs %s: %s is a file, not a folder".formatted(file.resolve("sub"), file),
        "search",
        "--runs",
        file.resolve("sub").toString());
    refused(
        "--out %s: %s is a file, not a folder".formatted(file.resolve("x.json"), file),
        "export",
        run.toString(),
        "--out",
        file.resolve("x.json").toString());
    refused(
        "--out %s: %s is a file, not a folder".formatted(file.resolve("cmp"), file),
        "report",
        run.toString(),
        run.toString(),
        "--out",
        file.resolve("cmp").toString());
    // before any data is loaded or any network trained
    refused(
        "--out %s: %s is a file, not a folder".formatted(file.resolve("t"), file),
        "train",
        run.toString(),
        "--out",
        file.resolve("t").toString());
    refused(
        "--out " + run.resolve("journal.jsonl") + " is a file, not a folder",
        "train",
        run.toString(),
        "--out",
        run.resolve("journal.jsonl").toString());
    assertEquals(before, tree());
  }

  @Test
  void aReadOnlyFolderIsNamed() throws IOException {
    assumeFalse(root(), "root writes in read-only folders");
    Path locked = Files.createDirectories(dir.resolve("locked"));
    Path lockedRun = Files.createDirectories(locked.resolve("r2"));
    Files.copy(run.resolve("journal.jsonl"), lockedRun.resolve("journal.jsonl"));
    Files.setPosixFilePermissions(lockedRun, PosixFilePermissions.fromString("r-xr-xr-x"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      List<Path> before = tree();
      refused("--out " + locked + ": permission denied", "search", "--out", locked.toString());
      refused(
          "--out %s: cannot write in %s: permission denied".formatted(locked.resolve("x"), locked),
          "search",
          "--out",
          locked.resolve("x").toString());
      refused(
          "--out %s: cannot write in %s: permission denied"
              .formatted(locked.resolve("x.json"), locked),
          "export",
          run.toString(),
          "--out",
          locked.resolve("x.json").toString());
      refused(lockedRun + ": permission denied", "report", lockedRun.toString());
      refused(
          "%s: cannot write in %s: permission denied"
              .formatted(lockedRun.resolve("train"), lockedRun),
          "train",
          lockedRun.toString());
      assertEquals(before, tree());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(lockedRun, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void exportNeverReplacesAFileWithoutForce() throws IOException {
    Path out = dir.resolve("best.json");
    Result first = SpaceCommandTest.nas("export", run.toString(), "--out", out.toString());
    assertEquals(0, first.code(), first.err());
    assertEquals("wrote " + out + "\n", first.err());
    Files.writeString(out, "mine\n");
    refused(
        "--out " + out + " already exists; add --force to replace it",
        "export",
        run.toString(),
        "--out",
        out.toString());
    assertEquals("mine\n", Files.readString(out));
    Result forced =
        SpaceCommandTest.nas("export", run.toString(), "--out", out.toString(), "--force");
    assertEquals(0, forced.code(), forced.err());
    assertTrue(Files.readString(out).contains("\"schemaVersion\""));

    refused(
        "--out " + run + " is a folder; give a file name",
        "export",
        run.toString(),
        "--out",
        run.toString());
    refused("--force goes with --out only", "export", run.toString(), "--force");
  }

  @Test
  void exportedJavaIsNamedAfterItsClass() {
    refused(
        "--class-name goes with --format java only",
        "export",
        run.toString(),
        "--class-name",
        "Net");
    Path foo = dir.resolve("Foo.java");
    refused(
        "--out "
            + foo
            + ": Java needs public class BestNetwork in BestNetwork.java; name the"
            + " file so, or add --class-name Foo",
        "export",
        run.toString(),
        "--format",
        "java",
        "--out",
        foo.toString());
    refused(
        "--class-name must be a Java class name, but was 'a\\nb'",
        "export",
        run.toString(),
        "--format",
        "java",
        "--class-name",
        "a\nb");
    Result ok =
        SpaceCommandTest.nas(
            "export",
            run.toString(),
            "--format",
            "java",
            "--class-name",
            "Foo",
            "--out",
            foo.toString());
    assertEquals(0, ok.code(), ok.err());
    assertTrue(Files.exists(foo));
  }

  @Test
  void topIsAtLeastOneEverywhere() throws IOException {
    List<Path> before = tree();
    refused("--top must be >= 1, but was 0", "search", "--top", "0", "--out", dir.toString());
    refused("--top must be >= 1, but was -1", "resume", run.toString(), "--top=-1");
    refused("--top must be >= 1, but was 0", "report", run.toString(), "--top", "0");
    assertEquals(before, tree());
  }

  @Test
  void aJournalKeyIsNeverAPath() throws IOException {
    Path evil = Files.createDirectories(dir.resolve("runs").resolve("evil"));
    List<String> lines = Files.readAllLines(run.resolve("journal.jsonl"));
    int line = 0;
    while (!lines.get(line).contains("\"key\":\"7b4e49b096ad51a3\"")) {
      line++;
    }
    Files.writeString(
        evil.resolve("journal.jsonl"),
        Files.readString(run.resolve("journal.jsonl"))
            .replace("\"key\":\"7b4e49b096ad51a3\"", "\"key\":\"../../x\""));
    String expected =
        evil.resolve("journal.jsonl")
            + " line "
            + (line + 1)
            + ": key must be 1 to 128 ASCII letters, digits, '-', '_' or '.', not"
            + " starting with '.', but was '../../x'";
    // Every command that reads the journal refuses it, resume too (it names saved states by key).
    refused(expected, "train", evil.toString());
    refused(expected, "export", evil.toString());
    refused(expected, "report", evil.toString());
    refused(expected, "resume", evil.toString());
    assertFalse(Files.exists(dir.resolve("x")));
  }
}
