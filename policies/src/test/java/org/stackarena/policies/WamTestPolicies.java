package org.stackarena.policies;

import java.util.Arrays;
import org.stackarena.policies.wam.WamPolicy;
import org.stackarena.policies.wam.WamSpec;

/** A tiny world-action model over the tiny VLA of {@link TestPolicies}, for fast tests. */
final class WamTestPolicies {

    private WamTestPolicies() {}

    /** Latent 16, hidden 32, trained horizon 2; planner 8 samples x 4 steps (the tiny VLA's chunk) x 2 iterations. */
    static WamSpec tinySpec() {
        float[] ones21 = new float[WamSpec.INPUT_DIM], ones8 = new float[WamSpec.DECODED_DIM];
        Arrays.fill(ones21, 1f);
        Arrays.fill(ones8, 0.1f);
        return new WamSpec(WamSpec.FORMAT, null, WamSpec.WEIGHTS, WamSpec.ENCODER, new WamSpec.Model(16, 32, 2),
            new WamSpec.Normalisation(new float[WamSpec.INPUT_DIM], ones21, new float[WamSpec.DECODED_DIM], ones8, 0.02),
            new WamSpec.Planner(8, 4, 2, 0.01, 0.01, 1.0), new WamSpec.Loops(10, 100), null, null);
    }

    /** An untrained tiny world model with an untrained tiny VLA as its encoder. */
    static WamPolicy tinyPolicy(long seed) {
        return WamPolicy.create(tinySpec(), VlaPolicy.create(TestPolicies.tinySpec(), 9), seed);
    }
}
