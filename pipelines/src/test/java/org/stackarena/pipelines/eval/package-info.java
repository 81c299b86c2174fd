/**
 * Measurement runs of the expert and classical stacks (enabled with a system property). They write
 * their text output under this module's {@code target/debug/} ({@link org.stackarena.pipelines.eval.DebugFiles}),
 * never into the working directory.
 */
package org.stackarena.pipelines.eval;
