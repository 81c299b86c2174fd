package org.stackarena.policies;

import org.stackarena.sim.stack.ControlStack;
import org.stackarena.sim.stack.ControlStackContract;

/** The VLA stack (untrained tiny weights) passes the stack contract. */
class VlaStackContractTest extends ControlStackContract {
    @Override
    protected ControlStack createStack() {
        return new VlaStack(VlaPolicy.create(TestPolicies.tinySpec(), 9));
    }
}
