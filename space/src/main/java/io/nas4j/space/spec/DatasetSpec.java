package io.nas4j.space.spec;

import java.util.Objects;

/**
 * Where the data comes from. {@code path} is a folder: for {@link DatasetKind#IDX} it holds the
 * {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]}, {@code
 * t10k-images-idx3-ubyte[.gz]} and {@code t10k-labels-idx1-ubyte[.gz]} files; for {@link
 * DatasetKind#FOLDER} it holds {@code train/} and {@code test/}, each with one sub-folder of images
 * per class. A relative path in a spec file is resolved against the spec file's folder. {@code
 * horizontalFlip} says whether a mirrored image keeps its label, so a training recipe may flip
 * training images.
 */
public record DatasetSpec(DatasetKind kind, String path, boolean horizontalFlip) {

  public DatasetSpec {
    Objects.requireNonNull(kind, "kind");
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("dataset path must not be empty");
    }
  }

  /** A dataset whose images must not be mirrored. */
  public DatasetSpec(DatasetKind kind, String path) {
    this(kind, path, false);
  }
}
