/**
 * File writes that never leave a half-written file behind: write a temporary file next to the
 * target, then rename it over the target in one step.
 */
package io.nas4j.space.files;
