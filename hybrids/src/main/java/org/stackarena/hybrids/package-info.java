/**
 * Hybrid stacks: loops from both architectures in one stack. {@link
 * org.stackarena.hybrids.VlaPlannerProvider} ({@code vla-planner}) runs the VLA's System 2 as the
 * perception of the classical planner and controller ({@link org.stackarena.hybrids.VlaSceneSource}
 * through {@link org.stackarena.pipelines.stack.SceneSource}).
 */
package org.stackarena.hybrids;
