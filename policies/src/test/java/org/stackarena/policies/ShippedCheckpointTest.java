package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.EpisodeInstance;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.sim.stack.ControlStack;
import org.stackarena.sim.stack.StackProvider;

/**
 * The shipped checkpoint loads from the classpath, provider {@code vla} is found by name, and its
 * System 2 locates the named object from pixels on evaluation seeds it was not trained on.
 */
class ShippedCheckpointTest {

    @Test
    void theShippedCheckpointLoadsAndTheProviderIsRegistered() throws Exception {
        try (VlaPolicy p = VlaPolicy.loadDefault()) {
            assertThat(p.spec().space().type()).isEqualTo(org.stackarena.sim.stack.ActionSpace.Type.EE_DELTA);
            assertThat(p.spec().system2Hz()).isPositive();
            assertThat(p.spec().system1Hz()).isGreaterThan(p.spec().system2Hz());
        }
        StackProvider provider = StackProvider.named("vla");
        assertThat(provider.privileged()).isFalse();
        try (ControlStack s = provider.create(null)) {
            assertThat(s.loops()).extracting(l -> l.name()).containsExactly(VlaStack.SYSTEM2, VlaStack.SYSTEM1);
        }
    }

    @Test
    void system2LocatesTheNamedObjectOnEvaluationSeeds() {
        double worst = 0;
        try (VlaPolicy p = VlaPolicy.loadDefault();
             ScenarioWorld world = new ScenarioWorld(ScenarioLoader.shipped().get("pick-place"), "arm7",
                 ConditionLoader.load("lab"), 96, 96)) {
            for (long seed = 1000; seed < 1005; seed++) {
                world.reset(seed);
                double[] g = p.goal(p.system2(p.image(world.render("front")), world.instruction()));
                EpisodeInstance e = world.episode();
                double obj = Math.hypot(g[0] - e.object().x(), g[1] - e.object().y());
                double pad = Math.hypot(g[3] - e.pad().x(), g[4] - e.pad().y());
                worst = Math.max(worst, Math.max(obj, pad));
            }
        }
        // pick-place lab: the object is one of 2-3 on the table and named by colour and shape
        assertThat(worst).as("worst planar error of the object/pad estimate, m").isLessThan(0.03);
    }
}
