/**
 * The Apache Spark engine ({@code nas search --engine spark}): each candidate becomes a Spark task;
 * the driver keeps the search and its journal. Not a dependency of the core modules.
 */
package io.nas4j.spark;
