package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stackarena.api.ControlStack;
import org.stackarena.api.ControlStackContract;

/** The VLA stack (untrained tiny weights) passes the stack contract, and steps its waypoints from the world's anchor. */
class VlaStackContractTest extends ControlStackContract {
    @Override
    protected ControlStack createStack() {
        return new VlaStack(VlaPolicy.create(TestPolicies.tinySpec(), 9));
    }

    @Test
    void waypointsAreSteppedFromTheWorldsAnchor() {
        float[] ee = {0.40f, 0.10f, 0.20f, 0, 0, 0, 0, 0, 0, 0.04f};
        assertThat(VlaStack.anchor(null, ee)).containsExactly(0.40f, 0.10f, 0.20f);
        // the arm lags 1.5 cm behind the previous goal: the world adds the next delta to that goal
        double[] lagged = {0.415, 0.10, 0.20};
        assertThat(VlaStack.anchor(lagged, ee)).isSameAs(lagged);
        // 2.5 cm away (blocked, or pushed): the world re-anchors at the measured pose
        assertThat(VlaStack.anchor(new double[] {0.425, 0.10, 0.20}, ee)).containsExactly(0.40f, 0.10f, 0.20f);
    }
}
