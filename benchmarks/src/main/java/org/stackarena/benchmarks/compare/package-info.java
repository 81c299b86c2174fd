/**
 * {@code stackarena compare}: decides whether a new run regressed against a base run, cell by cell
 * (stack x scenario x condition x variant), with exact tests: McNemar on seed-paired success,
 * Fisher when unpaired, and a one-sided Wilcoxon signed-rank test on per-episode p99 latency.
 * Writes JUnit XML for CI. Depends on the harness's records ({@code sim}) and on {@code report}'s
 * run-directory reader; pure Java, no MuJoCo.
 */
package org.stackarena.benchmarks.compare;
