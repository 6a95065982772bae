package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ForestPlotTest {

  private static Evidence.Finding finding(String kind, double effect, double low, double high) {
    return new Evidence.Finding(
        "q " + effect, kind, "a - b", effect, low, high, 9, "text " + effect);
  }

  @Test
  void oneRowPerQuestionInTwoPanelsWithAZeroLine() {
    String svg =
        ForestPlot.render(
            List.of(
                finding("contrast", 0.02, 0.005, 0.035),
                finding("contrast", -0.01, -0.03, 0.01),
                finding("contrast", Double.NaN, Double.NaN, Double.NaN),
                finding("trend", 0.4, -0.1, 0.8),
                finding("partial trend", -0.6, -0.9, -0.2)));
    assertTrue(svg.startsWith("<svg id=\"forest\""), svg);
    assertTrue(svg.contains("Contrasts: difference of mean validation accuracy"), svg);
    assertTrue(svg.contains("Trends: Spearman's rho"), svg);
    assertEquals(4, count(svg, "<rect "), "a marker per finding with data");
    assertEquals(1, count(svg, "not enough data"));
    assertEquals(2, count(svg, "#1f77b4\"/>"), "blue markers: intervals that exclude zero");
    assertEquals(2, count(svg, ">0.0</text>|>0.00</text>|>0</text>"), "a zero tick in each panel");
    assertEquals(5, count(svg, "<title>text "), "each row's full sentence as its tooltip");
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
