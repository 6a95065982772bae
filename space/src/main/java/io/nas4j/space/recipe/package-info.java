/**
 * How a network trains: {@link io.nas4j.space.recipe.TrainingRecipe} (data sizes, stopping,
 * learning-rate schedule, augmentation, label smoothing, weight decay, batch size and rate
 * overrides), the one description of training for search candidates, rungs, final trainings and
 * reproductions. Immutable values that check their own ranges and name the field that breaks one
 * ({@link io.nas4j.space.InvalidFieldException}).
 */
package io.nas4j.space.recipe;
