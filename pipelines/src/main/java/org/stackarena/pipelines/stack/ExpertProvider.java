package org.stackarena.pipelines.stack;

import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.sim.harness.World;
import org.stackarena.sim.stack.ControlStack;
import org.stackarena.sim.stack.StackProvider;

/** Provider {@code expert}: the privileged scripted expert ({@link ExpertStack}). */
public final class ExpertProvider implements StackProvider {

  @Override
  public String name() {
    return "expert";
  }

  @Override
  public String description() {
    return "privileged scripted expert: ground-truth poses -> grasp/place/push state machine -> DLS IK at 500 Hz";
  }

  @Override
  public boolean privileged() {
    return true;
  }

  @Override
  public ControlStack create(World world) {
    if (!(world instanceof ScenarioWorld sw)) {
      throw new IllegalArgumentException("the expert reads ground truth and needs a ScenarioWorld, got "
          + world.getClass().getName());
    }
    return new ExpertStack(sw, PipelineConfig.defaults());
  }
}
