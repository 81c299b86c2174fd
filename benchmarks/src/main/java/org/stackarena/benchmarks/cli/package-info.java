/**
 * The {@code stackarena} command line (picocli). Depends on every other module; nothing depends
 * on it.
 */
package org.stackarena.benchmarks.cli;
