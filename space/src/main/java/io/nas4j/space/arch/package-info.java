/**
 * Architectures as immutable values: layers, training hyperparameters, the compact notation, and
 * the arithmetic shape and cost inference ({@link io.nas4j.space.arch.Analysis}) that must agree
 * with what DL4J builds. No I/O.
 */
package io.nas4j.space.arch;
