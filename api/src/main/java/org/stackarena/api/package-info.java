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
 * <p>Dependencies: plain Java only, plus the value type
 * {@link org.stackarena.api.LatencyModel} (a loop declares its default latency model).
 * Nothing here touches MuJoCo or any other native library, so a stack compiles and tests
 * without natives. The reference stacks {@link org.stackarena.api.HoldStillStack},
 * {@link org.stackarena.api.RandomStack} and {@link org.stackarena.api.ScriptedStack}
 * live here too.
 */
package org.stackarena.api;
