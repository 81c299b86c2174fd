package org.stackarena.benchmarks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.benchmarks.cli.CliRun;
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

    /** {@code examples/hello-stack/hello-policy} above the test's working directory. */
    private static Path policyDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path e = p.resolve("examples").resolve("hello-stack").resolve("hello-policy");
            if (Files.isRegularFile(e.resolve("policy.json"))) {
                return e;
            }
        }
        throw new IllegalStateException("examples/hello-stack/hello-policy not found");
    }

    /**
     * The same example as a policy on the Policy contract, run by {@code bench --policy DIR} through its
     * own {@code PolicyLoader}: it reaches the named object on the smoke suite's reach seed, and the
     * record carries the stage's phase times.
     */
    @Test
    void asAPolicyDirectoryItRunsThroughItsOwnLoader(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        CliRun.Outcome o = CliRun.run("bench", "--suite", "smoke", "--scenario", "reach", "--condition", "lab",
            "--workers", "1", "--out", out.toString(), "--policy", "hello=" + policyDir());
        assertThat(o.code()).as(o.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("episodes.jsonl"));
        assertThat(lines).hasSize(1);
        JsonNode rec = new ObjectMapper().readTree(lines.get(0));
        assertThat(rec.get("stack").asText()).isEqualTo("hello");
        assertThat(rec.get("success").asBoolean()).as(rec.toString()).isTrue();
        assertThat(rec.path("loops").path("policy").path("wall_phases_ms").path("infer").asDouble()).isPositive();
    }
}
