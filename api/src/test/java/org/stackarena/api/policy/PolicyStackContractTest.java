package org.stackarena.api.policy;

import org.stackarena.api.ControlStack;
import org.stackarena.api.ControlStackContract;

/** A two-stage pure-Java policy on {@link PolicyStack}, with ensembling, passes the stack contract. */
class PolicyStackContractTest extends ControlStackContract {
  @Override
  protected ControlStack createStack() {
    return TestPolicy.stack(ChunkExecution.ensemble(0.1), new TestPolicy.Scale(0.5),
        new TestPolicy.Scale(1.0));
  }
}
