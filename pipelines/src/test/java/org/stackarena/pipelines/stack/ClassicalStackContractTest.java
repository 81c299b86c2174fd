package org.stackarena.pipelines.stack;

import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.sim.harness.World;
import org.stackarena.sim.stack.ControlStack;
import org.stackarena.sim.stack.ControlStackContract;

/** The classical stack passes the stack contract on a real scenario world (it needs arm7 and cameras). */
class ClassicalStackContractTest extends ControlStackContract {
  @Override
  protected ControlStack createStack() {
    return new ClassicalStack(PipelineConfig.defaults());
  }

  @Override
  protected World createWorld() {
    return new ScenarioWorld(ScenarioLoader.shipped().get("pick-place"), "arm7", ConditionLoader.load("lab"), 64, 64);
  }
}
