/**
 * The learned stacks run through DJL: the dual-system VLA, training, checkpoints, TorchScript
 * and remote policies. Every learned stack is an {@link org.stackarena.api.policy.PolicyStack} of
 * models and translators; each policy-directory format is an
 * {@link org.stackarena.api.policy.PolicyLoader} ({@link org.stackarena.policies.VlaPolicyLoader},
 * {@link org.stackarena.policies.torchscript.TorchScriptPolicyLoader},
 * {@link org.stackarena.policies.remote.RemotePolicyLoader}) found by
 * {@link org.stackarena.policies.PolicyDirectory}. Depends on {@code stackarena-api}, {@code sim},
 * {@code scenarios} and DJL.
 */
package org.stackarena.policies;
