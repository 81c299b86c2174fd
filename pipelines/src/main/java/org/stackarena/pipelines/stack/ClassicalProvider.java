package org.stackarena.pipelines.stack;

import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.sim.harness.World;
import org.stackarena.sim.stack.ControlStack;
import org.stackarena.sim.stack.StackProvider;

/** Provider {@code classical}: the honest modular stack ({@link ClassicalStack}); ignores the world. */
public final class ClassicalProvider implements StackProvider {

  @Override
  public String name() {
    return "classical";
  }

  @Override
  public String description() {
    return "classical modular stack: RGB-D colour perception -> parsed goal -> planner -> DLS IK at 500 Hz";
  }

  @Override
  public ControlStack create(World world) {
    return new ClassicalStack(PipelineConfig.defaults());
  }
}
