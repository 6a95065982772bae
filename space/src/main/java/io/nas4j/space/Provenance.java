package io.nas4j.space;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What produced a run or a training: nas4j, DL4J and Jenetics versions, Java, the operating system,
 * the cores, the backend (e.g. {@code cpu (onednn, openblas) 2 threads, <cpu model>}), the host,
 * and whatever else the producer adds ({@code more}: the engine, parallel candidates, ...).
 * Journals and training reports store it as one flat JSON object of strings; a value nobody
 * recorded is {@code unknown}. Immutable.
 */
public record Provenance(
    String nas4j,
    String dl4j,
    String jenetics,
    String java,
    String os,
    String cpus,
    String backend,
    String host,
    Map<String, String> more) {

  public static final String UNKNOWN = "unknown";

  private static final String[] KEYS = {
    "nas4j", "dl4j", "jenetics", "java", "os", "cpus", "backend", "host"
  };

  public Provenance {
    Objects.requireNonNull(nas4j, "nas4j");
    Objects.requireNonNull(dl4j, "dl4j");
    Objects.requireNonNull(jenetics, "jenetics");
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(cpus, "cpus");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(host, "host");
    TreeMap<String, String> sorted = new TreeMap<>(more);
    for (String key : KEYS) {
      if (sorted.containsKey(key)) {
        throw new IllegalArgumentException("more must not repeat the field " + key);
      }
    }
    more = Collections.unmodifiableMap(sorted);
  }

  /** This JVM's provenance with {@code backend} and {@code more}. */
  public static Provenance current(String backend, Map<String, String> more) {
    Properties versions = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream("versions.properties")) {
      if (in != null) {
        versions.load(in);
      }
    } catch (IOException e) {
      // versions stay unknown
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = UNKNOWN;
    }
    return new Provenance(
        versions.getProperty("nas4j", UNKNOWN),
        versions.getProperty("dl4j", UNKNOWN),
        versions.getProperty("jenetics", UNKNOWN),
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        String.valueOf(Runtime.getRuntime().availableProcessors()),
        backend,
        host,
        more);
  }

  /** From the flat form; keys left out are {@value #UNKNOWN}, other keys go to {@code more}. */
  public static Provenance of(Map<String, String> values) {
    Map<String, String> more = new TreeMap<>(values);
    String[] known = new String[KEYS.length];
    for (int i = 0; i < KEYS.length; i++) {
      String value = more.remove(KEYS[i]);
      known[i] = value == null ? UNKNOWN : value;
    }
    return new Provenance(
        known[0], known[1], known[2], known[3], known[4], known[5], known[6], known[7], more);
  }

  /** The flat form: every field and {@code more}, sorted by key. */
  public Map<String, String> toMap() {
    Map<String, String> out = new TreeMap<>(more);
    String[] values = {nas4j, dl4j, jenetics, java, os, cpus, backend, host};
    for (int i = 0; i < KEYS.length; i++) {
      out.put(KEYS[i], values[i]);
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(out));
  }

  /** This provenance with {@code key} set in {@code more} (e.g. the engine's settings). */
  public Provenance with(String key, String value) {
    Map<String, String> all = new TreeMap<>(toMap());
    all.put(key, value);
    return of(all);
  }
}
