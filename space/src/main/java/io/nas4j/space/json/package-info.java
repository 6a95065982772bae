/**
 * nas4j's JSON: the one place that configures Jackson ({@link io.nas4j.space.json.Json}), the
 * versioned architecture schema, and a path-aware tree reader for precise error messages. The model
 * classes carry no Jackson annotations.
 */
package io.nas4j.space.json;
