/**
 * The Policy contract: a learned policy as DJL shapes it, run by one shared stack.
 *
 * <ul>
 *   <li>{@link org.stackarena.api.policy.PolicyModel} runs the network;
 *       {@link org.stackarena.api.policy.PolicyTranslator} turns observations into its inputs and its
 *       outputs into published values ({@link org.stackarena.api.policy.ActionTranslator} for the
 *       action stage);</li>
 *   <li>{@link org.stackarena.api.policy.PolicyStage} is one loop (model + translator + output
 *       channel); {@link org.stackarena.api.policy.PolicyStack} is the one {@code ControlStack} over
 *       them: loop wiring, phase timing, finiteness checks, the hold rule and the
 *       {@link org.stackarena.api.policy.ChunkExecution} strategy;</li>
 *   <li>{@link org.stackarena.api.policy.PolicyLoader} is the SPI that turns a policy directory into a
 *       stack, keyed by {@code policy.json}'s {@code format}.</li>
 * </ul>
 *
 * <p>Dependencies: the stack API ({@code org.stackarena.api}) and Jackson (to read the
 * {@code format} field). Pure Java: a researcher's Java policy needs {@code stackarena-api} only.
 */
package org.stackarena.api.policy;
