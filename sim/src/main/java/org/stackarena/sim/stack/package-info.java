/**
 * The control-stack API: what a researcher's stack implements and sees.
 *
 * <p>A stack is a set of named, rate-tagged loops ({@link org.stackarena.sim.stack.LoopSpec})
 * that read the latest values from typed channels ({@link org.stackarena.sim.stack.ChannelKey},
 * {@link org.stackarena.sim.stack.Channels}) and publish new ones. The harness provides
 * observations ({@link org.stackarena.sim.stack.Observations}) and applies whatever the stack
 * publishes on {@link org.stackarena.sim.stack.Commands#ACTION}: an
 * {@link org.stackarena.sim.stack.Action} or an {@link org.stackarena.sim.stack.ActionChunk}.
 *
 * <p>Dependencies: plain Java only, plus the value type
 * {@link org.stackarena.sim.harness.LatencyModel} (a loop declares its default latency model).
 * Nothing here touches MuJoCo or any other native library, so a stack compiles and tests
 * without natives. The reference stacks {@link org.stackarena.sim.stack.HoldStillStack},
 * {@link org.stackarena.sim.stack.RandomStack} and {@link org.stackarena.sim.stack.ScriptedStack}
 * live here too.
 */
package org.stackarena.sim.stack;
