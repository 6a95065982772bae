package io.nas4j.space.journal;

import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.files.SafeNames;
import java.nio.file.Path;

/**
 * The name of a run's folder ({@code runs/<run-id>/}), a {@link SafeNames safe name}: the run
 * folder is always a new child of the folder that holds runs, never that folder, its parent or a
 * path elsewhere.
 */
public record RunId(String value) {

  /**
   * @throws InvalidFieldException ({@code runId}) if {@code value} is not a safe name
   */
  public RunId {
    SafeNames.check("runId", value);
  }

  public static RunId of(String value) {
    return new RunId(value);
  }

  /**
   * The id of a run folder: its last name.
   *
   * @throws InvalidFieldException ({@code runId}) if that is not a safe name, e.g. for {@code
   *     runs/..} or {@code /}
   */
  public static RunId ofFolder(Path runFolder) {
    Path name = runFolder.getFileName();
    return new RunId(name == null ? "" : name.toString());
  }

  /** This run's folder in {@code runs}: always a child of it. */
  public Path folderIn(Path runs) {
    return runs.resolve(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
