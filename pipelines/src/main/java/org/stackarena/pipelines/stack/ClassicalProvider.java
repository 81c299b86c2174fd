package org.stackarena.pipelines.stack;

import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.api.StackContext;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;

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
  public ControlStack create(StackContext context) {
    return new ClassicalStack(PipelineConfig.defaults());
  }
}
