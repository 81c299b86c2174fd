/**
 * The optional Spark engine for {@code stackarena bench} and {@code sweep} ({@code --engine
 * spark}): {@link org.stackarena.spark.SparkEngine} implements the {@code benchmarks} module's
 * {@code EpisodeEngine} SPI, turns the pending episodes into an RDD, runs them on executors with
 * the harness's {@code EpisodeExecutor} ({@link org.stackarena.spark.EpisodeTask}), and writes
 * the records on the driver through the same {@code ResultsStore} as a local run. Only this
 * package depends on Spark; it is built with the Maven profile {@code spark} and is not part of
 * the default build. Depends on {@code benchmarks} (and through it on every other module) and
 * {@code spark-core}.
 */
package org.stackarena.spark;
