/**
 * Datasets as plain Java arrays: IDX and image-folder readers, stratified seeded splits. No DL4J
 * here; every problem with a file is a one-line {@link io.nas4j.evaluator.data.DatasetException}.
 * Sizes read from a file (IDX headers, image headers) are checked against the file's length and the
 * heap's free memory before anything of that size is allocated.
 */
package io.nas4j.evaluator.data;
