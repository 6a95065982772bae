package io.nas4j.evaluator.data;

import io.nas4j.space.arch.Shape;
import io.nas4j.space.spec.DatasetKind;
import io.nas4j.space.spec.DatasetSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the data a spec names, and checks it against the spec's input shape and classes. */
public final class Datasets {

  private Datasets() {}

  /** The training part (all of it: validation splits are drawn from it) or the test part. */
  public static LabeledImages load(DatasetSpec dataset, Shape input, int classes, boolean train)
      throws DatasetException {
    Path folder = Path.of(dataset.path());
    if (!Files.isDirectory(folder)) {
      throw new DatasetException(
          "dataset.path %s: no such folder%s".formatted(folder, IdxReader.installHint(folder)));
    }
    if (!Files.isExecutable(folder)
        || (dataset.kind() == DatasetKind.FOLDER && !Files.isReadable(folder))) {
      // Said here: the readers would report the files they cannot see as missing (IDX files are
      // opened by name, so only the folder reader lists the folder).
      throw new DatasetException("dataset.path %s: permission denied".formatted(folder));
    }
    LabeledImages images =
        switch (dataset.kind()) {
          case IDX -> IdxReader.read(folder, train, classes);
          case FOLDER ->
              FolderReader.read(folder.resolve(train ? "train" : "test"), input, classes);
        };
    if (!images.shape().equals(input)) {
      throw new DatasetException(
          ("input must match the data in %s (%s), but the network takes %s (the input of the spec,"
                  + " model or --arch file)")
              .formatted(folder, images.shape(), input));
    }
    return images;
  }
}
