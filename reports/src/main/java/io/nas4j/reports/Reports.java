package io.nas4j.reports;

import io.nas4j.space.files.AtomicFiles;
import io.nas4j.space.journal.JournalException;
import io.nas4j.space.journal.JournalFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a run folder's reports from its journal (also while the search still runs). */
public final class Reports {

  public static final List<String> FILES =
      List.of("report.json", "leaderboard.csv", "report.md", "report.html");

  private Reports() {}

  /**
   * Reads {@code runFolder/journal.jsonl} and the final trainings' reports under {@code
   * runFolder/train/}, and (re)writes {@code report.json}, {@code leaderboard.csv}, {@code
   * report.md} and {@code report.html} next to the journal. Each file is replaced atomically, so a
   * reader never sees half a report.
   */
  public static RunReport write(Path runFolder, int topK) throws JournalException, IOException {
    Path folder = Files.isDirectory(runFolder) ? runFolder : runFolder.toAbsolutePath().getParent();
    List<String> unreadable = new ArrayList<>();
    List<Retraining> retrainings = Retraining.read(folder, unreadable);
    List<Answers.Ablation> ablations = Answers.read(folder, unreadable);
    RunReport report =
        RunReport.of(JournalFile.read(runFolder), retrainings, ablations, unreadable);
    replace(folder.resolve("report.json"), Renderers.json(report));
    replace(folder.resolve("leaderboard.csv"), Renderers.csv(report));
    replace(folder.resolve("report.md"), Renderers.markdown(report, topK));
    replace(folder.resolve("report.html"), HtmlReport.render(report));
    return report;
  }

  private static void replace(Path file, String content) throws IOException {
    AtomicFiles.write(file, content);
  }
}
