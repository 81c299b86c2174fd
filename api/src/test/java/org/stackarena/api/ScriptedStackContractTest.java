package org.stackarena.api;

import java.util.List;
import org.stackarena.api.LatencyModel;

/** {@link ScriptedStack} with an action, a chunk and latency passes the stack contract. */
class ScriptedStackContractTest extends ControlStackContract {
  @Override
  protected ControlStack createStack() {
    ActionSpace joints = ActionSpace.jointPosition(new double[] {-1, -1, -1},
        new double[] {1, 1, 1});
    return ScriptedStack.builder("scripted", joints)
        .at(0.0, new Action(new double[] {0, 0, 0}, 0))
        .at(0.3, new ActionChunk(List.of(new Action(new double[] {0.1, 0, 0}, 0),
            new Action(new double[] {0.2, -0.1, 0}, 0.5),
            new Action(new double[] {0.3, -0.2, 0.1}, 1)), 0.05))
        .optLatency(LatencyModel.fixed(10))
        .build();
  }
}
