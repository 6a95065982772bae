package io.nas4j.space;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.json.ArchitectureJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stable key for a decoded architecture and its training hyperparameters: the first 16 hex digits
 * (64 bits) of the SHA-256 of its canonical JSON. Genotypes that decode to the same network share
 * it; it does not change between runs, machines or nas4j versions of the same schema.
 */
public final class CanonicalKey {

  private CanonicalKey() {}

  public static String of(Architecture architecture) {
    return hash(ArchitectureJson.write(architecture));
  }

  /** The same hash over any text, e.g. an architecture key joined with a data and budget id. */
  public static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
