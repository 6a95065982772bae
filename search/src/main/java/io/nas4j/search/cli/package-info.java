/**
 * The {@code nas} command line: one class per sub-command. Commands read and validate all input
 * before they start work; bad input becomes one line on stderr and exit code 2.
 */
package io.nas4j.search.cli;
