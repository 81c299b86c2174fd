/**
 * RGB-D perception from camera frames only: palette colour segmentation in HSV (hue with
 * saturation and brightness thresholds, robust to light intensity and tint), connected
 * components, back-projection with the intrinsics and the nominal camera pose, and per-blob
 * centroid, top height, extents and yaw (minimum-area rectangle of the top-face points in the
 * table plane); front and wrist views fused into a
 * {@link org.stackarena.pipelines.planning.SceneEstimate}. Depends on the stack API's frame types,
 * {@code planning} (output types) and {@code scenarios}' palette. Preallocated buffers; not
 * thread-safe.
 */
package org.stackarena.pipelines.perception;
