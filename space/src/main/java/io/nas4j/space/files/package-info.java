/**
 * File writes that never leave a half-written file behind: write a temporary file next to the
 * target, then rename it over the target in one step. {@link io.nas4j.space.files.SafeNames} are
 * the names that may become one element of a path (run ids, folders named after keys).
 */
package io.nas4j.space.files;
