package io.nas4j.search.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Paths the user gave on the command line, and what goes wrong with them: checks before a command
 * writes (a file where a folder must be, a folder this process may not write in, an existing file
 * without {@code --force}), and I/O errors on them in words, named by the path as the user wrote
 * it. An I/O error on any other path stays an internal failure.
 */
final class UserPaths {

  /**
   * Errors of the storage itself, which {@link IOException}s report without a path (e.g. a write to
   * a full disk); {@link #writing} names the path being written.
   */
  private static final Set<String> STORAGE_ERRORS =
      Set.of(
          "No space left on device",
          "Disk quota exceeded",
          "Read-only file system",
          "Input/output error",
          "File too large");

  private UserPaths() {}

  /** Writes into a path; may fail with an {@link IOException}. */
  @FunctionalInterface
  interface Write<T> {
    T run() throws Exception;
  }

  /**
   * Fails unless {@code folder} is a folder this process may write in, or can be created as one
   * (its nearest existing ancestor is such a folder). Creates nothing.
   *
   * @param option the option that gave the folder, e.g. {@code --out}; null for an argument
   */
  static void checkFolder(String option, Path folder) throws BadInputException {
    check(option, folder, folder.toAbsolutePath().normalize());
  }

  /**
   * Fails unless {@code file} can be written as a new file, or replaced when {@code force}: it is
   * not a folder, and its folder is (or can be created as) one this process may write in.
   */
  static void checkFile(String option, Path file, boolean force) throws BadInputException {
    String prefix = prefix(option, file);
    if (Files.isDirectory(file)) {
      throw new BadInputException(prefix + " is a folder; give a file name");
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !force) {
      throw new BadInputException(prefix + " already exists; add --force to replace it");
    }
    Path parent = file.toAbsolutePath().normalize().getParent();
    if (parent != null) {
      check(option, file, parent);
    }
  }

  /** {@link #checkFolder} from {@code start}, the absolute {@code given} or an ancestor of it. */
  private static void check(String option, Path given, Path start) throws BadInputException {
    String prefix = prefix(option, given);
    Path absolute = given.toAbsolutePath().normalize();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isDirectory(p)) {
        if (!Files.isWritable(p)) {
          throw new BadInputException(
              p.equals(absolute)
                  ? prefix + ": permission denied"
                  : "%s: cannot write in %s: permission denied".formatted(prefix, shown(given, p)));
        }
        return;
      }
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new BadInputException(
            p.equals(absolute)
                ? prefix + " is a file, not a folder"
                : "%s: %s is a file, not a folder".formatted(prefix, shown(given, p)));
      }
    }
  }

  /**
   * Runs {@code write}, which writes into {@code target} (a path the user gave, or a folder inside
   * one); an I/O error on {@code target}, inside it or on the way to it becomes bad input naming
   * the path, and so does an error of the storage (a full disk). Other errors pass unchanged.
   */
  static <T> T writing(Path target, Write<T> write) throws Exception {
    try {
      return write.run();
    } catch (IOException e) {
      Optional<String> message = describe(e, List.of(target));
      if (message.isEmpty()
          && !(e instanceof FileSystemException)
          && STORAGE_ERRORS.contains(e.getMessage())) {
        message = Optional.of(target + ": " + words(e.getMessage()));
      }
      if (message.isPresent()) {
        throw new BadInputException(message.get(), e);
      }
      throw e;
    }
  }

  /**
   * The one-line message for {@code e} if it is an error on one of the {@code given} paths, inside
   * one or on the way to one, e.g. {@code runs/r1/journal.jsonl: permission denied} or {@code
   * out/x.json: out is a file, not a folder}; empty for an error on any other path.
   */
  static Optional<String> describe(Throwable e, Collection<Path> given) {
    if (!(e instanceof FileSystemException failure) || failure.getFile() == null) {
      return Optional.empty();
    }
    Path file;
    try {
      file = Path.of(failure.getFile());
    } catch (RuntimeException notAPath) {
      return Optional.empty();
    }
    Path absolute = file.toAbsolutePath().normalize();
    for (Path g : given) {
      Path base = g.toAbsolutePath().normalize();
      if (isTemporaryOf(absolute, base)) {
        // a file is written through a temporary one beside it (AtomicFiles)
        return Optional.of("%s: cannot be written here (%s)".formatted(g, cause(failure)));
      }
      if (absolute.startsWith(base)) {
        Path shown = file.isAbsolute() ? g.resolve(base.relativize(absolute)) : file;
        return Optional.of(inside(failure, absolute, g, base, shown));
      }
      if (base.startsWith(absolute)) {
        return Optional.of(onTheWay(failure, absolute, g));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code file} is the temporary {@code .<name>.<pid>.tmp} beside {@code target}. */
  private static boolean isTemporaryOf(Path file, Path target) {
    Path name = target.getFileName();
    String candidate = String.valueOf(file.getFileName());
    return name != null
        && target.getParent() != null
        && target.getParent().equals(file.getParent())
        && candidate.startsWith("." + name + ".")
        && candidate.endsWith(".tmp");
  }

  /** An error on {@code given} or a path inside it. */
  private static String inside(
      FileSystemException e, Path absolute, Path given, Path base, Path shown) {
    if ("Not a directory".equals(e.getReason()) || e instanceof NotDirectoryException) {
      Optional<Path> blocking = fileInTheWay(absolute);
      if (blocking.isPresent()) {
        Path b = blocking.get();
        return "%s: %s is a file, not a folder"
            .formatted(shown, b.startsWith(base) ? given.resolve(base.relativize(b)) : b);
      }
    }
    if (e instanceof AccessDeniedException
        && !Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)
        && absolute.getParent() != null
        && Files.isDirectory(absolute.getParent())
        && shown.getParent() != null) {
      // creating a file (often a temporary one): the folder is what may not be written
      return "%s: cannot write in it: permission denied".formatted(shown.getParent());
    }
    return shown + ": " + cause(e);
  }

  /** An error on a folder on the way to {@code given}: a file in its place, or no permission. */
  private static String onTheWay(FileSystemException e, Path absolute, Path given) {
    Path shown = shown(given, absolute);
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(absolute)) {
      return "%s: %s is a file, not a folder".formatted(given, shown);
    }
    if ("Not a directory".equals(e.getReason())) {
      Optional<Path> blocking = fileInTheWay(absolute);
      if (blocking.isPresent()) {
        return "%s: %s is a file, not a folder".formatted(given, shown(given, blocking.get()));
      }
    }
    return "%s: %s: %s".formatted(given, shown, cause(e));
  }

  /** The nearest existing ancestor of {@code absolute} (or itself) if it is not a folder. */
  private static Optional<Path> fileInTheWay(Path absolute) {
    for (Path p = absolute; p != null; p = p.getParent()) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return Files.isDirectory(p) ? Optional.empty() : Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The cause of an I/O error in words, e.g. {@code permission denied}. */
  static String cause(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "a folder that is not empty";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return words(f.getReason());
    }
    return words(String.valueOf(e.getMessage()));
  }

  /** An operating system's reason ({@code Not a directory}) as words of a message. */
  private static String words(String reason) {
    String r = reason.strip();
    if (r.endsWith(".")) {
      r = r.substring(0, r.length() - 1);
    }
    return switch (r) {
      case "Not a directory" -> "a part of the path is a file, not a folder";
      case "Is a directory" -> "is a folder";
      default ->
          r.isEmpty() ? "I/O error" : r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    };
  }

  /**
   * {@code p}, an ancestor of the absolute {@code given} (or it), written the way {@code given} is:
   * relative if {@code given} is and {@code p} is inside what it names.
   */
  private static Path shown(Path given, Path p) {
    Path absolute = given.toAbsolutePath().normalize();
    Path written = given.normalize();
    for (Path a = absolute; a != null && written != null; a = a.getParent()) {
      if (a.equals(p)) {
        return written;
      }
      written = written.getParent();
    }
    return p;
  }

  private static String prefix(String option, Path given) {
    return option == null ? given.toString() : option + " " + given;
  }
}
