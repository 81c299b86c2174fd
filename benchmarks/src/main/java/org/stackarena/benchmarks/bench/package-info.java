/**
 * {@code stackarena bench} and {@code sweep}: turning a suite, stacks, conditions, robots, seeds
 * and latency variants into episode specs ({@link org.stackarena.benchmarks.bench.BenchPlan}),
 * running them with the harness's {@code EpisodeExecutor} over {@code ScenarioWorld}s with progress
 * ({@link org.stackarena.benchmarks.bench.BenchRunner}), and recording episode GIFs
 * ({@link org.stackarena.benchmarks.bench.RecordingWorld}, {@link org.stackarena.benchmarks.bench.Gif}).
 * Stacks are found through the {@code StackProvider} SPI, so stacks from any module on the
 * classpath are picked up. Depends on {@code sim}, {@code scenarios}, {@code seeds} and
 * {@code report}.
 */
package org.stackarena.benchmarks.bench;
