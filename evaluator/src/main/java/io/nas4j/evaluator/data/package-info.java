/**
 * Datasets as plain Java arrays: IDX and image-folder readers, stratified seeded splits. No DL4J
 * here; every problem with a file is a one-line {@link io.nas4j.evaluator.data.DatasetException}.
 */
package io.nas4j.evaluator.data;
