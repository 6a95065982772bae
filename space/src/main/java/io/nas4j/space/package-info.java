/**
 * The search space: the ordered {@link io.nas4j.space.Gene genes} of a spec, the pure decoder from
 * a genotype to an architecture, and the {@link io.nas4j.space.CanonicalKey canonical key}. Nothing
 * here trains, reads files or depends on DL4J or Jenetics; decoding is deterministic.
 */
package io.nas4j.space;
