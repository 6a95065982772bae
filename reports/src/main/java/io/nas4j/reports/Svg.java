package io.nas4j.reports;

import java.util.List;
import java.util.Locale;

/**
 * A minimal inline-SVG chart: one plot area with x and y axes (x linear or log10), tick labels,
 * polylines and points. Output is self-contained markup, no scripts, no external resources.
 */
final class Svg {

  static final int WIDTH = 640;
  static final int HEIGHT = 320;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 30;
  private static final int BOTTOM = 45;
  static final List<String> COLOURS =
      List.of("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b");

  private final StringBuilder body = new StringBuilder();
  private final double xMin;
  private final double xMax;
  private final double yMin;
  private final double yMax;
  private final boolean logX;

  /** A point of a series. */
  record Point(double x, double y) {}

  Svg(
      String title,
      String xLabel,
      String yLabel,
      double xMin,
      double xMax,
      double yMin,
      double yMax,
      boolean logX) {
    this.logX = logX;
    this.xMin = logX ? Math.log10(xMin) : xMin;
    double xMaxT = logX ? Math.log10(xMax) : xMax;
    this.xMax = xMaxT > this.xMin ? xMaxT : this.xMin + 1;
    this.yMin = yMin;
    this.yMax = yMax > yMin ? yMax : yMin + 1;
    text(WIDTH / 2.0, 18, title, "middle", 14);
    text(WIDTH / 2.0, HEIGHT - 8, xLabel, "middle", 12);
    body.append(
        String.format(
            Locale.ROOT,
            "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\""
                + " font-size=\"12\">%s</text>%n",
            HEIGHT / 2,
            HEIGHT / 2,
            escape(yLabel)));
    axes();
  }

  private void axes() {
    line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#444");
    line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#444");
    Ticks y = Ticks.linear(yMin, yMax, 5);
    for (double v : y.values()) {
      double py = py(v);
      line(LEFT - 4, py, WIDTH - RIGHT, py, "#e5e5e5");
      text(LEFT - 6, py + 4, y.label(v), "end", 10);
    }
    Ticks x =
        logX ? Ticks.log(Math.pow(10, xMin), Math.pow(10, xMax)) : Ticks.linear(xMin, xMax, 6);
    for (double v : x.values()) {
      double px = px(logX ? Math.log10(v) : v);
      line(px, HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 4, "#444");
      text(px, HEIGHT - BOTTOM + 14, x.label(v), "middle", 10);
    }
  }

  private double px(double x) {
    return LEFT + (x - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
  }

  private double py(double y) {
    return HEIGHT - BOTTOM - (y - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM);
  }

  private double tx(double x) {
    return px(logX ? Math.log10(x) : x);
  }

  Svg polyline(List<Point> points, String colour, String cssClass) {
    if (points.isEmpty()) {
      return this;
    }
    StringBuilder path = new StringBuilder();
    for (Point p : points) {
      path.append(String.format(Locale.ROOT, "%.1f,%.1f ", tx(p.x()), py(p.y())));
    }
    body.append(
        String.format(
            "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
            cssClass, colour, path.toString().trim()));
    return this;
  }

  Svg point(Point p, String colour, String title) {
    body.append(
        String.format(
            Locale.ROOT,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s</title></circle>%n",
            tx(p.x()),
            py(p.y()),
            colour,
            escape(title)));
    return this;
  }

  Svg legend(int index, String text, String colour) {
    double y = TOP + 4 + index * 14;
    line(WIDTH - RIGHT - 150, y, WIDTH - RIGHT - 135, y, colour);
    text(WIDTH - RIGHT - 130, y + 4, text, "start", 10);
    return this;
  }

  private void line(double x1, double y1, double x2, double y2, String colour) {
    body.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
            x1,
            y1,
            x2,
            y2,
            colour));
  }

  private void text(double x, double y, String text, String anchor, int size) {
    body.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
            x,
            y,
            anchor,
            size,
            escape(text)));
  }

  String render(String id) {
    return String.format(
        "<svg id=\"%s\" class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
            + " height=\"%d\" viewBox=\"0 0 %d %d\">%n%s</svg>%n",
        id, WIDTH, HEIGHT, WIDTH, HEIGHT, body);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
