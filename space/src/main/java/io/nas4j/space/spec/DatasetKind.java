package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/**
 * How a dataset is stored. {@code idx}: the MNIST family's IDX files (gzipped or raw); {@code
 * folder}: one sub-folder of images per class.
 */
public enum DatasetKind {
  IDX,
  FOLDER;

  /** The lower-case id used in specs and JSON. */
  public String id() {
    return Ids.id(this);
  }

  public static DatasetKind fromId(String id) {
    return Ids.parse(DatasetKind.class, id);
  }
}
