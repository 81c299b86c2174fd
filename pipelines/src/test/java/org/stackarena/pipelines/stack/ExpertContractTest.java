package org.stackarena.pipelines.stack;

import java.util.Optional;
import org.stackarena.api.ControlStack;
import org.stackarena.api.ControlStackContract;
import org.stackarena.api.GroundTruth;
import org.stackarena.api.TaskFamily;
import org.stackarena.api.harness.World;
import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;

/**
 * The privileged expert (the classical stack over a {@link GroundTruthSceneSource}) passes the stack
 * contract. The contract makes a new world per episode; the expert's ground-truth view follows the
 * newest one, as a provider's view follows its one world in a bench run.
 */
class ExpertContractTest extends ControlStackContract {

  private ScenarioWorld newest;

  @Override
  protected ControlStack createStack() {
    return ClassicalStack.expert(new NewestWorldTruth(), PipelineConfig.defaults());
  }

  @Override
  protected World createWorld() {
    newest = new ScenarioWorld(ScenarioLoader.shipped().get("pick-place"), "arm7", ConditionLoader.load("lab"), 64, 64);
    return newest;
  }

  /** The ground truth of whichever world {@link #createWorld()} made last. */
  private final class NewestWorldTruth implements GroundTruth {
    private GroundTruth truth() {
      return newest.groundTruth().orElseThrow();
    }

    @Override
    public TaskFamily family() {
      return truth().family();
    }

    @Override
    public ObjectState object() {
      return truth().object();
    }

    @Override
    public Optional<ObjectState> support() {
      return truth().support();
    }

    @Override
    public Optional<Target> target() {
      return truth().target();
    }
  }
}
