/**
 * The search spec: what a user writes in one YAML or JSON file, validated on read so that every
 * error names the key path, the rule and the value. The records are immutable; {@link
 * io.nas4j.space.spec.SpecReader} and {@link io.nas4j.space.spec.SpecWriter} are the only I/O.
 */
package io.nas4j.space.spec;
