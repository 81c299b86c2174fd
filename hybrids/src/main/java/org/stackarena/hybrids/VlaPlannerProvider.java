package org.stackarena.hybrids;

import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.stack.ClassicalStack;
import org.stackarena.policies.VlaPolicy;
import org.stackarena.policies.VlaStackProvider;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.StackContext;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;

/**
 * Provider {@code vla-planner}: a hybrid of the two architectures. The VLA's System 2 (the same
 * checkpoint as provider {@code vla}, same rate and latency model) reads the camera and the
 * instruction and estimates where the named object is and where it must go; the classical
 * instruction parser, task planner and 500 Hz IK controller do the rest. Compared with {@code vla}
 * it isolates the learned System 1; compared with {@code classical}, the learned perception.
 */
public final class VlaPlannerProvider implements StackProvider {

  @Override
  public String name() {
    return "vla-planner";
  }

  @Override
  public String description() {
    return "hybrid: VLA System 2 (image+instruction -> object and goal positions, 5 Hz) over the classical "
        + "planner and 500 Hz IK controller";
  }

  @Override
  public ControlStack create(StackContext context) {
    VlaPolicy policy = VlaStackProvider.loadPolicy();
    return new ClassicalStack(PipelineConfig.defaults(), name(),
        new VlaSceneSource(policy, policy.spec().system2Hz(), LatencyModel.measured(1.0)));
  }
}
