/**
 * The world-action-model stack {@code wam}: a learned latent world model ({@link
 * org.stackarena.policies.wam.WamNet}) over the frozen features of the built-in VLA's System 2, an MPPI
 * planner ({@link org.stackarena.policies.wam.MppiPlanner}) that imagines candidate chunks around System 1's
 * proposal and scores them with a task-stage cost, the two-loop stack ({@link
 * org.stackarena.policies.wam.WamStack}), its policy-directory format ({@link
 * org.stackarena.policies.wam.WamSpec}, {@link org.stackarena.policies.wam.WamPolicyLoader}) and its trainer
 * ({@link org.stackarena.policies.wam.WamTrainer}). Depends on {@code org.stackarena.policies} (the VLA, the
 * shared {@link org.stackarena.policies.TrainingLoop}), the stack API and DJL; nothing else.
 */
package org.stackarena.policies.wam;
