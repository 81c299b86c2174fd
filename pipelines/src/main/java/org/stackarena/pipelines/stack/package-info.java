/**
 * The control stacks of this module as harness loops, and their
 * {@link org.stackarena.api.StackProvider}s: the privileged scripted expert
 * ({@code expert}: ground-truth poses -> planner -> IK control) and the classical stack
 * ({@code classical}: RGB-D perception -> planner -> IK control), whose perception loop is a
 * {@link org.stackarena.pipelines.stack.SceneSource} another module can replace (a hybrid stack). Depends on every other package
 * of this module, the stack API and (the expert only) {@code scenarios}' ground truth.
 */
package org.stackarena.pipelines.stack;
