package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.EpisodeInstance;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;

/**
 * The shipped checkpoint loads from the classpath, provider {@code vla} is found by name, and its
 * System 2 locates the object of a reach scene from pixels on evaluation seeds it was not trained on.
 */
class ShippedCheckpointTest {

    @Test
    void theShippedCheckpointLoadsAndTheProviderIsRegistered() throws Exception {
        try (VlaPolicy p = VlaPolicy.loadDefault()) {
            assertThat(p.spec().space().type()).isEqualTo(org.stackarena.api.ActionSpace.Type.EE_POSE);
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
    void system2LocatesTheObjectOnReachEvaluationSeeds() {
        double worst = 0;
        try (VlaPolicy p = VlaPolicy.loadDefault();
             ScenarioWorld world = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), "arm7",
                 ConditionLoader.load("lab"), 128, 128)) {
            for (long seed = 1000; seed < 1005; seed++) {
                world.reset(seed);
                double[] g = p.goal(p.system2(p.image(world.render("front")), world.instruction()));
                EpisodeInstance e = world.episode();
                worst = Math.max(worst, Math.hypot(g[0] - e.object().x(), g[1] - e.object().y()));
                // the task score names the family the instruction asks for
                int best = PolicySpec.POSITION_DIM;
                for (int i = PolicySpec.POSITION_DIM; i < PolicySpec.GOAL_DIM; i++) {
                    best = g[i] > g[best] ? i : best;
                }
                assertThat(PolicySpec.TASKS.get(best - PolicySpec.POSITION_DIM)).isEqualTo("reach");
            }
        }
        // reach scenes hold one object; among distractors (pick-lift, pick-place) the shipped System 2
        // often locates the wrong one (see MODEL_CARD.md), which this test does not claim
        assertThat(worst).as("worst planar error of the object estimate, m").isLessThan(0.03);
    }
}
