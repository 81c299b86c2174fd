/**
 * Run directories and their reports: reading {@code episodes.jsonl} and {@code run.json}
 * read-only ({@link org.stackarena.benchmarks.report.RunDir}), the run's metadata
 * ({@link org.stackarena.benchmarks.report.RunInfo}), plots (XChart, PNG) and the
 * {@code report.md} / self-contained {@code report.html} writers. Depends on the harness's record
 * types in {@code sim}; needs no MuJoCo, so reports of finished runs render anywhere.
 */
package org.stackarena.benchmarks.report;
