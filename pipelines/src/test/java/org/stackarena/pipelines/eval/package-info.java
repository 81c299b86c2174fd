/** Measurement runs of the expert and classical stacks (enabled with a system property). */
package org.stackarena.pipelines.eval;
