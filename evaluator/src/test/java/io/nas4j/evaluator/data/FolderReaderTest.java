package io.nas4j.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.nas4j.space.arch.Shape;
import io.nas4j.space.spec.DatasetKind;
import io.nas4j.space.spec.DatasetSpec;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderReaderTest {

  @TempDir Path dir;

  private void image(Path file, Color color, int size, String format) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, color.getRGB());
      }
    }
    ImageIO.write(image, format, file.toFile());
  }

  @Test
  void readsClassFoldersConvertsAndResizes() throws Exception {
    image(dir.resolve("train/cat/a.png"), Color.WHITE, 16, "png");
    image(dir.resolve("train/cat/b.jpg"), Color.WHITE, 8, "jpg");
    image(dir.resolve("train/dog/c.png"), new Color(255, 0, 0), 32, "png");
    Files.writeString(dir.resolve("train/dog/notes.txt"), "not an image");
    LabeledImages gray =
        Datasets.load(
            new DatasetSpec(DatasetKind.FOLDER, dir.toString()), Shape.of(1, 4, 4), 2, true);
    assertEquals(3, gray.size());
    assertEquals(List.of("cat", "dog"), gray.classNames());
    assertEquals(1, gray.label(2));
    assertEquals(255, gray.pixel(0, 5));
    assertEquals(76, gray.pixel(2, 0)); // 0.299 * 255
    LabeledImages rgb = FolderReader.read(dir.resolve("train"), Shape.of(3, 4, 4), 2);
    assertEquals(255, rgb.pixel(2, 0)); // red channel
    assertEquals(0, rgb.pixel(2, 16)); // green channel
  }

  @Test
  void emptyClassFolderIsAnError() throws Exception {
    image(dir.resolve("cat/a.png"), Color.WHITE, 4, "png");
    Files.createDirectories(dir.resolve("dog"));
    DatasetException e =
        assertThrows(DatasetException.class, () -> FolderReader.read(dir, Shape.of(1, 4, 4), 2));
    assertEquals(dir.resolve("dog") + ": class folder has no images", e.getMessage());
  }

  @Test
  void classCountMustMatchTheSpec() throws Exception {
    image(dir.resolve("cat/a.png"), Color.WHITE, 4, "png");
    DatasetException e =
        assertThrows(DatasetException.class, () -> FolderReader.read(dir, Shape.of(1, 4, 4), 3));
    assertEquals(
        dir
            + ": has 1 class folders, but the network has 3 classes (the classes of the spec, model or"
            + " --arch file)",
        e.getMessage());
  }

  @Test
  void unreadableImageIsNamed() throws Exception {
    image(dir.resolve("cat/a.png"), Color.WHITE, 4, "png");
    Files.createDirectories(dir.resolve("dog"));
    Files.writeString(dir.resolve("dog/broken.png"), "garbage");
    DatasetException e =
        assertThrows(DatasetException.class, () -> FolderReader.read(dir, Shape.of(1, 4, 4), 2));
    assertTrue(e.getMessage().startsWith(dir.resolve("dog/broken.png") + ": "), e.getMessage());
  }

  @Test
  void idxShapeMustMatchTheSpec() throws Exception {
    Files.write(dir.resolve("train-images-idx3-ubyte"), IdxReaderTest.images(0x803, 1, 2, 2, 4));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxReaderTest.labels(0x801, 0));
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                Datasets.load(
                    new DatasetSpec(DatasetKind.IDX, dir.toString()),
                    Shape.of(1, 28, 28),
                    2,
                    true));
    assertEquals(
        "input must match the data in "
            + dir
            + " (1x2x2), but the network takes 1x28x28 (the input of the spec, model or --arch"
            + " file)",
        e.getMessage());
  }

  @Test
  void missingDefaultDatasetSaysHowToInstall() {
    String path = "/usr/share/datasets/fashion-mnist-not-here";
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                Datasets.load(
                    new DatasetSpec(DatasetKind.IDX, path), Shape.of(1, 28, 28), 10, true));
    assertEquals(
        "dataset.path "
            + path
            + ": no such folder; install it with 'sudo apt-get install"
            + " dataset-fashion-mnist'",
        e.getMessage());
  }

  @Test
  void anUnreadableFolderIsPermissionDeniedNotMissingFiles() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root reads any folder");
    Path locked = Files.createDirectories(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      DatasetException e =
          assertThrows(
              DatasetException.class,
              () ->
                  Datasets.load(
                      new DatasetSpec(DatasetKind.FOLDER, locked.toString()),
                      Shape.of(1, 28, 28),
                      2,
                      true));
      assertEquals("dataset.path " + locked + ": permission denied", e.getMessage());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
