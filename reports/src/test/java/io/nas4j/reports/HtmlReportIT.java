package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the sample run's report.html in headless Chromium (Debian's {@code chromium}): the page
 * loads offline without console errors, shows its three plots and tables, and a screenshot is saved
 * to {@code target/report-screenshot.png}.
 */
class HtmlReportIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  private List<String> chromium(Path profile, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    return command;
  }

  private static String run(List<String> command, Path output) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(false)
            .redirectOutput(output.toFile())
            .start();
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
    assertEquals(0, p.exitValue(), stderr);
    return stderr;
  }

  @Test
  void reportPageRendersOfflineWithItsPlotsAndNoConsoleErrors() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "Chromium is missing: apt-get install chromium (scripts/test.sh installs it as root)");
    try (InputStream in = HtmlReportIT.class.getResourceAsStream("/sample-run/journal.jsonl")) {
      Files.write(dir.resolve("journal.jsonl"), in.readAllBytes());
    }
    Reports.write(dir, 10);
    String url = dir.resolve("report.html").toUri().toString();

    Path dom = dir.resolve("dom.html");
    String stderr = run(chromium(dir.resolve("profile1"), "--dump-dom", url), dom);
    String page = Files.readString(dom, StandardCharsets.UTF_8);
    assertEquals(4, count(page, "<svg id=\"[a-z-]+\" class=\"plot\""), "four plots");
    assertTrue(page.contains("id=\"best-over-time\""));
    assertTrue(page.contains("id=\"evidence\""));
    assertTrue(page.contains("id=\"importance\""));
    assertTrue(page.contains("id=\"best-so-far\""));
    assertTrue(page.contains("id=\"accuracy-vs-macs\""));
    assertTrue(page.contains("id=\"curves\""));
    assertTrue(page.contains("<table id=\"top\">"));
    assertEquals(
        10 + 1,
        count(page.substring(page.indexOf("<table id=\"top\">"), page.indexOf("</table>")), "<tr>"),
        "top-10 rows plus the header");
    assertFalse(consoleErrors(stderr), stderr);
    assertFalse(page.contains("http://") && page.contains("src=\"http"), "no external resources");

    Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    String shot =
        run(
            chromium(
                dir.resolve("profile2"),
                "--window-size=1360,2400",
                "--screenshot=" + screenshot,
                url),
            dir.resolve("out.txt"));
    assertFalse(consoleErrors(shot), shot);
    assertTrue(Files.size(screenshot) > 10_000, "a screenshot with content");
  }

  private static boolean consoleErrors(String stderr) {
    return stderr.lines().anyMatch(l -> l.contains("CONSOLE") && l.contains("rror"));
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
