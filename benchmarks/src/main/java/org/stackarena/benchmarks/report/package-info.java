/**
 * Run directories and their reports: reading {@code episodes.jsonl} and {@code run.json}
 * read-only ({@link org.stackarena.benchmarks.report.RunDir}), the run's metadata
 * ({@link org.stackarena.benchmarks.report.RunInfo}), plots (XChart, PNG) and the
 * {@code report.md} / self-contained {@code report.html} writers, with the success matrix and, for a run
 * with recordings, the 3D replay and loop timelines ({@link org.stackarena.benchmarks.report.ReplaySection}:
 * its script {@code replay.js} and three.js from the {@code org.webjars.npm:three} WebJar, inlined by
 * {@link org.stackarena.benchmarks.report.WebJars}). Depends on the harness's record types in {@code api}
 * and the recording format of {@code replay}; needs no MuJoCo, so reports of finished runs render anywhere.
 */
package org.stackarena.benchmarks.report;
