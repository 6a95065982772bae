package io.nas4j.search;

import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.GenerationEntry;
import io.nas4j.space.journal.JournalCodec;
import io.nas4j.space.journal.JournalHeader;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends lines to a run journal. Each line is written with one system call and flushed, so a
 * killed process leaves at most a torn last line, which readers ignore. Thread-safe.
 */
final class JournalWriter implements Closeable {

  private final OutputStream out;
  private int candidates;

  private JournalWriter(OutputStream out, int candidates) {
    this.out = out;
    this.candidates = candidates;
  }

  /** Creates a new journal with its header; fails if the file exists. */
  static JournalWriter create(Path file, JournalHeader header) throws IOException {
    JournalWriter writer =
        new JournalWriter(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 0);
    writer.append(JournalCodec.header(header));
    return writer;
  }

  /**
   * Opens an existing journal for appending. A torn last line is cut off first, so that new lines
   * start on a line of their own.
   */
  static JournalWriter append(Path file, int candidates, boolean tornLastLine) throws IOException {
    if (tornLastLine) {
      byte[] bytes = Files.readAllBytes(file);
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--;
      }
      try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(end);
      }
    }
    return new JournalWriter(
        Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
        candidates);
  }

  /** Appends a candidate; its index is the number of candidates journaled before it. */
  synchronized CandidateEntry candidate(CandidateEntry entry) {
    CandidateEntry indexed =
        new CandidateEntry(
            candidates,
            entry.generation(),
            entry.genotype(),
            entry.key(),
            entry.architecture(),
            entry.seed(),
            entry.result());
    append(JournalCodec.candidate(indexed));
    candidates++;
    return indexed;
  }

  synchronized void generation(GenerationEntry entry) {
    append(JournalCodec.generation(entry));
  }

  synchronized void end(String reason, double seconds) {
    append(JournalCodec.end(reason, seconds));
  }

  private void append(String line) {
    try {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run journal: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
