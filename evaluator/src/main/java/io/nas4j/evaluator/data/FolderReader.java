package io.nas4j.evaluator.data;

import io.nas4j.space.arch.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

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
          ("%s: has %d class folders, but the network has %d classes (the classes of the spec,"
                  + " model or --arch file)")
              .formatted(folder, classFolders.size(), classes));
    }
    List<String> names = new ArrayList<>();
    List<List<Path>> filesByClass = new ArrayList<>();
    long total = 0;
    for (Path classFolder : classFolders) {
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
      filesByClass.add(files);
      total += files.size();
    }
    int imageSize = (int) shape.size();
    String what = "%,d images of %s".formatted(total, shape);
    long bytes = total * imageSize;
    if (bytes > MemoryCheck.MAX_ARRAY) {
      throw new DatasetException(
          "%s: %s are %,d bytes, more than nas4j holds in memory (%,d bytes); use fewer images"
              .formatted(folder, what, bytes, MemoryCheck.MAX_ARRAY));
    }
    MemoryCheck.require(folder, what, bytes + 4 * total);
    byte[] pixels = new byte[(int) bytes];
    int[] labels = new int[(int) total];
    int image = 0;
    for (int label = 0; label < filesByClass.size(); label++) {
      for (Path file : filesByClass.get(label)) {
        System.arraycopy(pixelsOf(file, shape), 0, pixels, image * imageSize, imageSize);
        labels[image++] = label;
      }
    }
    return new LabeledImages(shape, pixels, labels, names);
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(file) && EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /**
   * Decodes an image after checking its size from its header: a file that claims a huge image is
   * refused before the decoder allocates it. Decoders throw all kinds of runtime exceptions for
   * corrupt files; each becomes a one-line error naming the file.
   */
  private static BufferedImage decode(Path file) throws DatasetException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new DatasetException(file + ": not a readable PNG, JPEG, GIF or BMP image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        // Decoded as up to 4 bytes per pixel (ARGB), and kept twice while it is scaled.
        if (width < 1 || height < 1 || (long) width * height > MemoryCheck.MAX_ARRAY / 8) {
          throw new DatasetException(
              "%s: an image of %dx%d pixels is too large to read".formatted(file, width, height));
        }
        MemoryCheck.require(
            file, "an image of %dx%d pixels".formatted(width, height), 8L * width * height);
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      String why =
          e instanceof EOFException
              ? "truncated"
              : e instanceof RuntimeException || e.getMessage() == null
                  ? "corrupt image data"
                  : e.getMessage();
      throw new DatasetException(
          "%s: cannot be read as an image (%s)".formatted(file, why.replaceAll("\\s+", " ")), e);
    }
  }

  private static byte[] pixelsOf(Path file, Shape shape) throws DatasetException {
    BufferedImage image = decode(file);
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
