/**
 * The run journal ({@code runs/<run-id>/journal.jsonl}): one JSON object per line, append-only.
 * First a header (schemaVersion, spec, seed, provenance), then candidate lines (one per distinct
 * candidate) and generation lines, and an end line when the run finishes. A torn last line is
 * ignored on read. {@link io.nas4j.space.journal.JournalCodec} converts lines; {@link
 * io.nas4j.space.journal.JournalFile} is the only file I/O, shared by the search and the reports.
 */
package io.nas4j.space.journal;
