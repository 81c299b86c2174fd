/**
 * TorchScript policies of any architecture, run through DJL's PyTorch engine from a local policy
 * directory ({@code policy.json} with format {@code stackarena-torchscript/1} plus {@code .pt}
 * files; schema in {@code policies/POLICY_DIRECTORY.md}): {@link
 * org.stackarena.policies.torchscript.TorchScriptSpec} parses and validates the file, {@link
 * org.stackarena.policies.torchscript.TorchScriptPolicy} loads and dry-runs the modules, {@link
 * org.stackarena.policies.torchscript.TorchScriptStack} makes them the stages of a {@link
 * org.stackarena.api.policy.PolicyStack}, and {@link
 * org.stackarena.policies.torchscript.TorchScriptPolicyLoader} is the format's policy loader.
 *
 * <p>May depend on the stack and Policy API ({@code stackarena-api}), DJL (api and the PyTorch engine) and Jackson; not on
 * the built-in VLA classes. Nothing here downloads anything.
 */
package org.stackarena.policies.torchscript;
