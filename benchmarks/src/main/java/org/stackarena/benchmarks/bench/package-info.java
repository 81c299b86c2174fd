/**
 * {@code stackarena bench} and {@code sweep}: turning a suite, stacks, conditions, robots, seeds
 * and latency variants into episode specs ({@link org.stackarena.benchmarks.bench.BenchPlan}),
 * running them with progress ({@link org.stackarena.benchmarks.bench.BenchRunner}) through an
 * {@link org.stackarena.benchmarks.bench.EpisodeEngine} (the SPI {@code --engine} picks by name:
 * {@link org.stackarena.benchmarks.bench.LocalEngine}, the harness's {@code EpisodeExecutor} over
 * {@code ScenarioWorld}s on threads, or an engine from another jar such as the optional Spark
 * module), and recording episode GIFs
 * ({@link org.stackarena.benchmarks.bench.RecordingWorld}, {@link org.stackarena.benchmarks.bench.Gif}).
 * Stacks are found through the {@code StackProvider} SPI, so stacks from any module on the
 * classpath are picked up. Depends on {@code sim}, {@code scenarios}, {@code seeds} and
 * {@code report}.
 */
package org.stackarena.benchmarks.bench;
