/**
 * Side-by-side performance measurements behind {@code stackarena perf} (ours vs native MuJoCo).
 */
package org.stackarena.benchmarks.perf;
