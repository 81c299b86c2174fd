/**
 * JMH microbenchmarks, run with {@code ./stackarena perf jmh NAME [JMH options]}.
 */
package org.stackarena.benchmarks.jmh;
