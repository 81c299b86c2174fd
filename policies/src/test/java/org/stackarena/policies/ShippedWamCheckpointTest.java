package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.stackarena.api.ControlStack;
import org.stackarena.api.LoopRole;
import org.stackarena.api.StackProvider;
import org.stackarena.policies.wam.WamPolicy;
import org.stackarena.policies.wam.WamSpec;
import org.stackarena.policies.wam.WamStack;

/**
 * The shipped world-action model loads from the classpath, provider {@code wam} is found by name with an
 * imagination loop and a tracking loop, its frozen encoder is byte for byte the shipped VLA checkpoint, and its
 * world model imagines the end effector moving the way it is told to.
 */
class ShippedWamCheckpointTest {

    @Test
    void theShippedWorldModelLoadsAndTheProviderIsRegistered() throws Exception {
        try (WamPolicy p = WamPolicy.loadDefault()) {
            assertThat(p.spec().planner().horizon()).isLessThanOrEqualTo(p.encoder().spec().chunkSize());
            assertThat(p.spec().training()).isNotNull();
        }
        StackProvider provider = StackProvider.named("wam");
        assertThat(provider.privileged()).isFalse();
        try (ControlStack s = provider.create(null)) {
            assertThat(s.loops()).extracting(l -> l.name()).containsExactly(WamStack.PLANNER, WamStack.TRACKER);
            assertThat(s.loops().get(0).role()).isEqualTo(LoopRole.IMAGINATION);
        }
    }

    @Test
    void theEncoderIsTheShippedVlaCheckpoint() throws Exception {
        ClassLoader cl = getClass().getClassLoader();
        try (InputStream a = cl.getResourceAsStream(WamPolicy.DEFAULT_RESOURCE + WamSpec.ENCODER + "/" + PolicySpec.WEIGHTS);
             InputStream b = cl.getResourceAsStream(VlaPolicy.DEFAULT_RESOURCE + PolicySpec.WEIGHTS)) {
            assertThat(a).isNotNull();
            assertThat(b).isNotNull();
            assertThat(a.readAllBytes()).isEqualTo(b.readAllBytes());
        }
    }

    @Test
    void imaginedEndEffectorFollowsTheCommandedDisplacement() throws Exception {
        try (WamPolicy p = WamPolicy.loadDefault()) {
            // an observation: the training mean (a typical frame)
            float[] latent = p.encode(new float[WamSpec.INPUT_DIM]);
            int h = 5;
            float[] acts = new float[2 * h * 4];
            for (int k = 0; k < h; k++) {
                acts[k * 4] = 0.01f;              // candidate 0: +1 cm in x per step
                acts[(h + k) * 4] = -0.01f;       // candidate 1: -1 cm in x per step
            }
            float[] d = p.imagine(latent, acts, 2, h);
            int s = WamSpec.DECODED_DIM, end0 = h * s, end1 = ((h + 1) + h) * s;
            double moved0 = d[end0] - d[0], moved1 = d[end1] - d[(h + 1) * s];
            assertThat(moved0).as("x moved by candidate 0 (commanded +5 cm)").isBetween(0.025, 0.075);
            assertThat(moved1).as("x moved by candidate 1 (commanded -5 cm)").isBetween(-0.075, -0.025);
        }
    }
}
