/**
 * The harness: runs control stacks against a world in sim time and records what happened.
 *
 * <ul>
 *   <li>{@link org.stackarena.api.harness.Scheduler} ticks each loop on absolute sim-time
 *       deadlines, applies {@link org.stackarena.api.LatencyModel}s and counts deadline
 *       misses; {@link org.stackarena.api.harness.Blackboard} holds the channels and enforces
 *       visibility times.</li>
 *   <li>{@link org.stackarena.api.harness.EpisodeRunner} runs one episode on a
 *       {@link org.stackarena.api.harness.World} and produces an
 *       {@link org.stackarena.api.harness.EpisodeRecord}.</li>
 *   <li>{@link org.stackarena.api.harness.ResultsStore} appends records crash-safely to
 *       {@code episodes.jsonl}; {@link org.stackarena.api.harness.EpisodeExecutor} runs many
 *       episodes on worker threads, resuming where a killed run stopped;
 *       {@link org.stackarena.api.harness.Summary} aggregates them into {@code summary.json}.</li>
 *   <li>{@link org.stackarena.api.harness.EeDeltaIntegrator} turns end-effector deltas into the
 *       absolute poses a world applies; {@link org.stackarena.api.harness.ForwardingWorld} is the base
 *       of world decorators; {@link org.stackarena.api.harness.ManualTick} ticks a stack by hand
 *       (tests, {@code perf policy}).</li>
 *   <li>{@link org.stackarena.api.harness.EpisodeListener} observes an episode as it runs (ticks with
 *       their visibility times, deadline misses, steps), e.g. to record it; it never changes it.</li>
 * </ul>
 *
 * <p>Dependencies: the stack API ({@code org.stackarena.api}), Jackson and SLF4J. Pure
 * Java: no MuJoCo or other native type; the MuJoCo-backed {@code World} lives elsewhere.
 */
package org.stackarena.api.harness;
