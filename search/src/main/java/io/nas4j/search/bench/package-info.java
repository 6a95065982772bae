/**
 * Benchmarks that the scripts under {@code scripts/} run: measurements, not tests. They print their
 * figures and write only under the run folders they are given.
 */
package io.nas4j.search.bench;
