package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nas4j.space.journal.CandidateEntry;
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
 * loads offline under a policy that forbids every request, without console errors; its script sorts
 * the leaderboard and opens a candidate with its curve and layers (driven by the URL's fragment, as
 * clicks drive it); screenshots of the top, an open candidate and the forest plot are saved to
 * {@code target/report-*.png} ({@code docs/} keeps a set from a real run).
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
  void reportPageRendersOfflineSortsAndOpensACandidate() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "Chromium is missing: apt-get install chromium (scripts/test.sh installs it as root)");
    try (InputStream in = HtmlReportIT.class.getResourceAsStream("/sample-run/journal.jsonl")) {
      Files.write(dir.resolve("journal.jsonl"), in.readAllBytes());
    }
    RunReport report = Reports.write(dir, 10);
    Path file = dir.resolve("report.html");
    String html = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(html.contains("content=\"default-src 'none';"), "a policy that forbids requests");
    String script = html.substring(html.lastIndexOf("<script>") + 8, html.lastIndexOf("</script>"));
    assertTrue(html.contains("'sha256-" + HtmlReport.sha256(script) + "'"), "the script's hash");
    assertFalse(
        Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no remote refs");
    String url = file.toUri().toString();
    List<CandidateEntry> all = report.journal().latest();

    // As loaded: every candidate in the leaderboard, the ranked ones first, a line per trained one.
    String page = dom(url, "1");
    assertFalse(consoleErrors(lastStderr), lastStderr);
    assertEquals(5, count(page, "<svg id=\"[a-z-]+\" class=\"plot\""), "five plots");
    for (String id :
        List.of(
            "best-so-far",
            "best-over-time",
            "accuracy-vs-macs",
            "curves",
            "forest",
            "parcoords",
            "importance",
            "evidence")) {
      assertTrue(page.contains("id=\"" + id + "\""), id);
    }
    List<String> rows = rowKeys(page);
    assertEquals(all.size(), rows.size(), "all candidates");
    assertEquals(report.ranking().get(0).candidate().key(), rows.get(0));
    String parallel = page.substring(page.indexOf("id=\"parcoords\""));
    parallel = parallel.substring(0, parallel.indexOf("</svg>"));
    assertEquals(report.ranking().size(), count(parallel, "<polyline "), "a line per trained one");
    assertTrue(page.contains("<section id=\"detail\" hidden"), "no candidate open");

    // Sorted by params (ascending, then descending), with the 3rd-ranked candidate open.
    int params = headers(page).indexOf("params");
    CandidateEntry third = report.ranking().get(2).candidate();
    List<String> byParams =
        all.stream()
            .sorted(java.util.Comparator.comparingLong(c -> c.result().params()))
            .map(CandidateEntry::key)
            .toList();
    page = dom(url + "#sort=" + params + ":asc&c=" + third.key(), "2");
    assertFalse(consoleErrors(lastStderr), lastStderr);
    List<String> sorted = rowKeys(page);
    assertEquals(
        byParams.stream().map(k -> paramsOf(all, k)).toList(),
        sorted.stream().map(k -> paramsOf(all, k)).toList(),
        "sorting changes the order");
    assertFalse(sorted.equals(rows), "a different order than the ranking");
    String detail = page.substring(page.indexOf("<section id=\"detail\""));
    detail = detail.substring(0, detail.indexOf("</section>"));
    assertTrue(detail.contains(third.key()) && detail.contains("id=\"detail-curve\""), detail);
    assertTrue(detail.contains("<polyline class=\"curve\""), "the candidate's learning curve");
    assertEquals(third.architecture().layers().size() + 1, count(detail, "<tr>"), "layer table");
    assertTrue(detail.contains("nas train RUN --rank 3"), detail);
    page = dom(url + "#sort=" + params + ":desc", "3");
    List<Long> descending = new ArrayList<>(sorted.stream().map(k -> paramsOf(all, k)).toList());
    java.util.Collections.reverse(descending);
    assertEquals(
        descending, rowKeys(page).stream().map(k -> paramsOf(all, k)).toList(), "descending");

    // A range on the accuracy axis of the parallel coordinates (as a drag there sets it) keeps
    // only the candidates inside it in the leaderboard.
    double low =
        report.ranking().get(report.ranking().size() / 2).candidate().result().bestValAccuracy();
    long inside =
        report.ranking().stream()
            .filter(r -> r.candidate().result().bestValAccuracy() >= low)
            .count();
    page = dom(url + "#b=0:" + low + ":1", "4");
    assertFalse(consoleErrors(lastStderr), lastStderr);
    assertEquals(
        all.size() - inside, count(page, "<tr data-key=\"[0-9a-f]+\" hidden"), "hidden rows");
    assertTrue(page.contains(inside + " of " + all.size() + " candidates shown"), "the count");
    assertTrue(page.contains("class=\"brush\""), "the range is drawn");

    // Screenshots of the top, one candidate open and the forest plot.
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    String[][] shots = {
      {"report-top.png", "1360,1500", url},
      {"report-candidate.png", "1360,1500", url + "#c=" + third.key()},
      {"report-evidence.png", "1360,1100", url + "#focus=evidence-head"}
    };
    for (String[] shot : shots) {
      Path png = target.resolve(shot[0]);
      String err =
          run(
              chromium(
                  dir.resolve("profile-" + shot[0]),
                  "--window-size=" + shot[1],
                  "--screenshot=" + png,
                  shot[2]),
              dir.resolve("out.txt"));
      assertFalse(consoleErrors(err), err);
      assertTrue(Files.size(png) > 20_000, "a screenshot with content: " + png);
    }
  }

  private String lastStderr = "";

  private String dom(String url, String profile) throws Exception {
    Path out = dir.resolve("dom" + profile + ".html");
    lastStderr = run(chromium(dir.resolve("profile" + profile), "--dump-dom", url), out);
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static List<String> rowKeys(String page) {
    List<String> keys = new ArrayList<>();
    Matcher m = Pattern.compile("<tr data-key=\"([0-9a-f]+)\"").matcher(page);
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  private static List<String> headers(String page) {
    String head = page.substring(page.indexOf("<table id=\"leaderboard\">"));
    head = head.substring(0, head.indexOf("</thead>"));
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<th data-col=\"\\d+\"[^>]*>([^<]+)</th>").matcher(head);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static long paramsOf(List<CandidateEntry> all, String key) {
    return all.stream()
        .filter(c -> c.key().equals(key))
        .findFirst()
        .orElseThrow()
        .result()
        .params();
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
