package org.stackarena.hybrids;

import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.harness.World;
import org.stackarena.api.ControlStack;
import org.stackarena.api.ControlStackContract;

/** The hybrid {@code vla-planner} (shipped checkpoint) passes the stack contract on a real scenario world. */
class VlaPlannerContractTest extends ControlStackContract {
  @Override
  protected ControlStack createStack() {
    return new VlaPlannerProvider().create(null);
  }

  @Override
  protected World createWorld() {
    return new ScenarioWorld(ScenarioLoader.shipped().get("pick-place"), "arm7", ConditionLoader.load("lab"), 96, 96);
  }
}
