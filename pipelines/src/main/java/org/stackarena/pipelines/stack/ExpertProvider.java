package org.stackarena.pipelines.stack;

import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.api.StackContext;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;

/** Provider {@code expert}: the privileged scripted expert ({@link ClassicalStack#expert}: the classical planner and controller fed ground truth). */
public final class ExpertProvider implements StackProvider {

  @Override
  public String name() {
    return "expert";
  }

  @Override
  public String description() {
    return "privileged scripted expert: the classical planner and 500 Hz DLS-IK controller fed ground-truth poses "
        + "and goal instead of perception";
  }

  @Override
  public boolean privileged() {
    return true;
  }

  @Override
  public ControlStack create(StackContext context) {
    if (context == null || context.groundTruth().isEmpty()) {
      throw new IllegalArgumentException("the expert reads ground truth; this world offers none");
    }
    return ClassicalStack.expert(context.groundTruth().get(), PipelineConfig.defaults());
  }
}
