/**
 * Episode recordings ({@code bench --record K}): {@link org.stackarena.benchmarks.replay.EpisodeRecorder}
 * listens to an episode through the harness's {@code EpisodeListener} and samples the MuJoCo world's
 * body poses; {@link org.stackarena.benchmarks.replay.Recording} is the file format
 * ({@code recordings/<stack>/<scenario>_<robot>_<condition>_<seed>.json.gz}, gzip'd JSON, described
 * in {@code benchmarks/RECORDING.md}) that the HTML report replays in 3D with a loop timeline.
 * Depends on {@code api} (harness), {@code sim} ({@code SceneGeometry}), {@code scenarios}
 * ({@code ScenarioWorld}), {@code pipelines} (to summarise its channel values) and Jackson.
 */
package org.stackarena.benchmarks.replay;
