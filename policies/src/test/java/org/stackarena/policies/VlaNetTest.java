package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VlaNetTest {

    /**
     * The inference path computes the relative goal and mixes the anchors in Java; with anchors and
     * without, it must give what the trained DJL graph gives.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void theJavaInferencePathEqualsTheDjlGraph(boolean anchored) {
        PolicySpec spec = TestPolicies.tinySpec(anchored);
        assertThat(spec.anchoredWaypoints()).isEqualTo(anchored);
        Random r = new Random(5);
        try (VlaPolicy p = VlaPolicy.create(spec, 3); NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            for (int trial = 0; trial < 20; trial++) {
                float[] latent = new float[spec.latentDim() + PolicySpec.GOAL_DIM], state = new float[10];
                for (int i = 0; i < latent.length; i++) {
                    latent[i] = (float) r.nextGaussian();
                }
                for (int i = 0; i < state.length; i++) {
                    state[i] = (float) r.nextGaussian();
                }
                float[] djl = p.net().system1(ps, m.create(latent, new Shape(1, latent.length)),
                    m.create(state, new Shape(1, state.length)), false).toFloatArray();
                float[] java = p.system1(latent, state);
                assertThat(java).hasSameSizeAs(djl);
                for (int i = 0; i < djl.length; i++) {
                    assertThat(java[i]).as("output %d of trial %d", i, trial).isCloseTo(djl[i], within(1e-4f * (1 + Math.abs(djl[i]))));
                }
            }
        }
    }
}
