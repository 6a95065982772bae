package io.nas4j.evaluator.data;

import io.nas4j.space.arch.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads a folder of images with one sub-folder per class (class names sorted alphabetically give
 * the labels 0, 1, ...). PNG, JPEG, GIF and BMP are read with {@code javax.imageio}, converted to
 * the spec's channels (1 = gray, 3 = RGB) and resized to its height and width.
 */
public final class FolderReader {

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

  private FolderReader() {}

  public static LabeledImages read(Path folder, Shape shape, int classes) throws DatasetException {
    if (shape.channels() != 1 && shape.channels() != 3) {
      throw new DatasetException(
          "input.channels must be 1 or 3 for an image folder, but was " + shape.channels());
    }
    if (!Files.isDirectory(folder)) {
      throw new DatasetException(folder + ": not a folder");
    }
    List<Path> classFolders;
    try (Stream<Path> list = Files.list(folder)) {
      classFolders = list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new DatasetException(folder + ": cannot be listed (" + e.getMessage() + ")", e);
    }
    if (classFolders.size() != classes) {
      throw new DatasetException(
          "%s: has %d class folders, but the spec says classes: %d"
              .formatted(folder, classFolders.size(), classes));
    }
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    List<Integer> labels = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int label = 0; label < classFolders.size(); label++) {
      Path classFolder = classFolders.get(label);
      names.add(classFolder.getFileName().toString());
      List<Path> files;
      try (Stream<Path> list = Files.list(classFolder)) {
        files = list.filter(FolderReader::isImage).sorted().toList();
      } catch (IOException e) {
        throw new DatasetException(classFolder + ": cannot be listed (" + e.getMessage() + ")", e);
      }
      if (files.isEmpty()) {
        throw new DatasetException(classFolder + ": class folder has no images");
      }
      for (Path file : files) {
        pixels.writeBytes(pixelsOf(file, shape));
        labels.add(label);
      }
    }
    return new LabeledImages(
        shape, pixels.toByteArray(), labels.stream().mapToInt(Integer::intValue).toArray(), names);
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(file) && EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  private static byte[] pixelsOf(Path file, Shape shape) throws DatasetException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot be read as an image (" + e.getMessage() + ")", e);
    }
    if (image == null) {
      throw new DatasetException(file + ": not a readable PNG, JPEG, GIF or BMP image");
    }
    int h = shape.height();
    int w = shape.width();
    BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    byte[] out = new byte[shape.channels() * h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = scaled.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int gr = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (shape.channels() == 1) {
          out[y * w + x] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
        } else {
          out[y * w + x] = (byte) r;
          out[h * w + y * w + x] = (byte) gr;
          out[2 * h * w + y * w + x] = (byte) b;
        }
      }
    }
    return out;
  }
}
