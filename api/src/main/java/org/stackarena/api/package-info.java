/**
 * The control-stack API: what a researcher's stack implements and sees.
 *
 * <p>A stack is a set of named, rate-tagged loops ({@link org.stackarena.api.LoopSpec})
 * that read the latest values from typed channels ({@link org.stackarena.api.ChannelKey},
 * {@link org.stackarena.api.Channels}) and publish new ones. The harness provides
 * observations ({@link org.stackarena.api.Observations}) and applies whatever the stack
 * publishes on {@link org.stackarena.api.Commands#ACTION}: an
 * {@link org.stackarena.api.Action} or an {@link org.stackarena.api.ActionChunk}.
 *
 * <p>A {@link org.stackarena.api.StackProvider} creates a stack from a
 * {@link org.stackarena.api.StackContext} (robot, cameras, physics step); only privileged providers
 * get a read-only {@link org.stackarena.api.GroundTruth} view. Actions come in three types
 * ({@link org.stackarena.api.ActionSpace.Type}): joint positions, absolute end-effector poses
 * ({@code EE_POSE}) and end-effector deltas relative to the previous commanded step ({@code EE_DELTA},
 * integrated by the harness). {@link org.stackarena.api.Rotations} converts between quaternions,
 * rotation vectors and matrices; {@link org.stackarena.api.TaskFamily} lists the task families.
 * Learned policies use the Policy contract in {@code org.stackarena.api.policy}.
 *
 * <p>Dependencies: plain Java only (Jackson and SLF4J in the harness).
 * Nothing here touches MuJoCo or any other native library, so a stack compiles and tests
 * without natives. The reference stacks {@link org.stackarena.api.HoldStillStack},
 * {@link org.stackarena.api.RandomStack} and {@link org.stackarena.api.ScriptedStack}
 * live here too.
 */
package org.stackarena.api;
