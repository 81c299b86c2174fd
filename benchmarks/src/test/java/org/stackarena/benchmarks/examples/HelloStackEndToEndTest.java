package org.stackarena.benchmarks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;

/**
 * The researcher's example {@code examples/hello-stack}, found through the SPI exactly as
 * {@code STACKARENA_CLASSPATH} finds it, reaches the named object in the real reach scenario.
 */
class HelloStackEndToEndTest {

    @Test
    void isFoundThroughTheSpiAndReachesTheNamedObject() throws Exception {
        int successes = 0;
        for (long seed = 1000; seed < 1003; seed++) {
            try (ScenarioWorld world = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), "arm7",
                    ConditionLoader.load("lab"), 128, 128);
                 ControlStack stack = StackProvider.named("hello-reach").create(world.stackContext(false))) {
                EpisodeRecord r = new EpisodeRunner().run(EpisodeSpec.of("reach", "arm7", seed, "lab", "hello-reach"), world, stack);
                successes += r.success() ? 1 : 0;
                assertThat(r.loops()).containsKeys("vision", "servo");
            }
        }
        assertThat(successes).isEqualTo(3);
    }
}
