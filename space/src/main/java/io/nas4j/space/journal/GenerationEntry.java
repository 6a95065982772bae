package io.nas4j.space.journal;

/**
 * The state after one generation: how many candidates the run has journaled so far, how many of
 * them were trained, answered from the cache (duplicate keys), invalid or pruned, and the best
 * validation accuracy with its key.
 */
public record GenerationEntry(
    int generation,
    int candidates,
    int trained,
    int duplicates,
    int invalid,
    int pruned,
    double bestValAccuracy,
    String bestKey,
    double seconds) {}
