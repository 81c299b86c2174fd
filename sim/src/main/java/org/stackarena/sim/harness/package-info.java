/**
 * The harness: runs control stacks against a world in sim time and records what happened.
 *
 * <ul>
 *   <li>{@link org.stackarena.sim.harness.Scheduler} ticks each loop on absolute sim-time
 *       deadlines, applies {@link org.stackarena.sim.harness.LatencyModel}s and counts deadline
 *       misses; {@link org.stackarena.sim.harness.Blackboard} holds the channels and enforces
 *       visibility times.</li>
 *   <li>{@link org.stackarena.sim.harness.EpisodeRunner} runs one episode on a
 *       {@link org.stackarena.sim.harness.World} and produces an
 *       {@link org.stackarena.sim.harness.EpisodeRecord}.</li>
 *   <li>{@link org.stackarena.sim.harness.ResultsStore} appends records crash-safely to
 *       {@code episodes.jsonl}; {@link org.stackarena.sim.harness.EpisodeExecutor} runs many
 *       episodes on worker threads, resuming where a killed run stopped;
 *       {@link org.stackarena.sim.harness.Summary} aggregates them into {@code summary.json}.</li>
 * </ul>
 *
 * <p>Dependencies: the stack API ({@code org.stackarena.sim.stack}), Jackson and SLF4J. Pure
 * Java: no MuJoCo or other native type; the MuJoCo-backed {@code World} lives elsewhere.
 */
package org.stackarena.sim.harness;
