/**
 * Controlled experiments on one architecture: the one-factor variants that answer each CNN design
 * question ({@link io.nas4j.space.ablation.Ablations}) and the ablation journal that records their
 * paired trainings ({@link io.nas4j.space.ablation.AblationJournal}). Pure functions of the
 * architecture; nothing here trains.
 */
package io.nas4j.space.ablation;
