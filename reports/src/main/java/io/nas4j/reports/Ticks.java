package io.nas4j.reports;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Round axis ticks: multiples of 1, 2 or 5 times a power of ten inside a range (0.88, 0.90, 0.92;
 * 0, 5, 10 minutes), or for a log axis the powers of ten, with 2 and 5 between them when the range
 * spans fewer than three decades. Labels carry as many decimals as the step needs.
 */
record Ticks(List<Double> values, int decimals) {

  Ticks {
    values = List.copyOf(values);
  }

  /** About {@code target} round ticks in [{@code min}, {@code max}]. */
  static Ticks linear(double min, double max, int target) {
    double span = max - min;
    if (!(span > 0) || !Double.isFinite(span)) {
      return new Ticks(List.of(min), decimals(Math.abs(min) > 0 ? Math.abs(min) / 10 : 1));
    }
    double step = step(span / Math.max(1, target));
    List<Double> values = new ArrayList<>();
    long first = (long) Math.ceil(min / step - 1e-9);
    for (long i = first; i * step <= max + step * 1e-9; i++) {
      values.add(clean(i * step));
    }
    return new Ticks(values, decimals(step));
  }

  /** Ticks of a log10 axis from {@code min} to {@code max} (both > 0). */
  static Ticks log(double min, double max) {
    List<Double> values = new ArrayList<>();
    int low = (int) Math.floor(Math.log10(min));
    int high = (int) Math.ceil(Math.log10(max));
    double[] mantissas = Math.log10(max / min) < 3 ? new double[] {1, 2, 5} : new double[] {1};
    for (int e = low; e <= high; e++) {
      for (double m : mantissas) {
        double v = m * Math.pow(10, e);
        if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) {
          values.add(v);
        }
      }
    }
    return new Ticks(values, 0);
  }

  /** The label of a tick: k and M suffixes for large values, else the step's decimals. */
  String label(double value) {
    double a = Math.abs(value);
    if (a >= 1e6 && decimals == 0) {
      return compact(value / 1e6) + "M";
    }
    if (a >= 1e3 && decimals == 0) {
      return compact(value / 1e3) + "k";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String compact(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** The round step (1, 2 or 5 times a power of ten) nearest to {@code raw}. */
  static double step(double raw) {
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double fraction = raw / power;
    double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
    return nice * power;
  }

  private static int decimals(double step) {
    return Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
  }

  private static double clean(double value) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.10g", value));
  }
}
