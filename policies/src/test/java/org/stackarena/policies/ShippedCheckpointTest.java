package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stackarena.sim.stack.ControlStack;
import org.stackarena.sim.stack.StackProvider;

/** The shipped checkpoint loads from the classpath and provider {@code vla} is found by name. */
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
}
