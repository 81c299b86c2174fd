/**
 * Offscreen CPU RGB-D camera rendering for StackArena.
 *
 * <p>{@link org.stackarena.sim.render.Renderer} draws a model's fixed cameras with MuJoCo's own
 * OpenGL renderer ({@code mjr_*}) into an offscreen buffer of a headless Mesa (llvmpipe) context
 * created through EGL's surfaceless platform, so it needs neither a display nor a GPU. Frames land
 * in a reusable {@link org.stackarena.sim.render.RgbdImage}: 8-bit RGB, top row first, and metric
 * depth along the optical axis. {@link org.stackarena.api.Intrinsics} is the matching
 * pinhole model (projection and back-projection), {@link org.stackarena.sim.render.RenderNoise}
 * the seeded field-condition perturbations, and {@link org.stackarena.sim.render.RenderBenchmark}
 * the per-frame cost measurement behind {@code stackarena perf render}.
 *
 * <p>Threading: an OpenGL context belongs to the thread that made it. A renderer is used (and
 * closed) only on the thread that created it; each worker thread creates its own renderer for
 * its own {@link org.stackarena.sim.Simulation}.
 */
package org.stackarena.sim.render;
