/**
 * The learned stacks run through DJL: the dual-system VLA, training, checkpoints, TorchScript
 * and remote policies. Depends on {@code sim} and {@code scenarios}.
 */
package org.stackarena.policies;
