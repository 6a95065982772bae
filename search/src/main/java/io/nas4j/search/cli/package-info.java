/**
 * The {@code nas} command line: one class per sub-command. Commands read and validate all input
 * before they start work, including where they will write ({@link io.nas4j.search.cli.UserPaths});
 * bad input, and an I/O error on a path the user gave, becomes one line on stderr and exit code 2.
 * Every path a command writes resolves under the folder the user gave it.
 */
package io.nas4j.search.cli;
