package com.example.hellostack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.sim.harness.EpisodeRecord;
import org.stackarena.sim.harness.EpisodeRunner;
import org.stackarena.sim.harness.EpisodeSpec;
import org.stackarena.sim.stack.ControlStack;
import org.stackarena.sim.stack.ControlStackContract;
import org.stackarena.sim.stack.StackProvider;

class BlobReachStackTest extends ControlStackContract {

    @Override
    protected ControlStack createStack() {
        return new BlobReachStack();
    }

    @Override
    protected org.stackarena.sim.harness.World createWorld() {
        return new ScenarioWorld(ScenarioLoader.shipped().get("reach"), "arm7", ConditionLoader.load("lab"), 64, 64);
    }

    @Test
    void isFoundThroughTheSpiAndReachesTheNamedObject() throws Exception {
        int successes = 0;
        for (long seed = 1000; seed < 1003; seed++) {
            try (ScenarioWorld world = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), "arm7",
                    ConditionLoader.load("lab"), 128, 128);
                 ControlStack stack = StackProvider.named("hello-reach").create(world)) {
                EpisodeRecord r = new EpisodeRunner().run(EpisodeSpec.of("reach", "arm7", seed, "lab", "hello-reach"), world, stack);
                successes += r.success() ? 1 : 0;
                assertThat(r.loops()).containsKeys("vision", "servo");
            }
        }
        assertThat(successes).isEqualTo(3);
    }
}
