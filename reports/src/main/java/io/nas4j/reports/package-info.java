/**
 * Reports computed from a run journal alone: ranking, statistics, and renderers (JSON, CSV,
 * Markdown, HTML) of one result model. No DL4J; regenerating a report never trains anything.
 */
package io.nas4j.reports;
