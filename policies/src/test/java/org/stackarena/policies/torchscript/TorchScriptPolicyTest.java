package org.stackarena.policies.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.policies.CheckpointException;
import org.stackarena.policies.PolicyDirectory;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.LoopRecord;
import org.stackarena.api.ControlStack;

/**
 * The shipped example ({@code examples/torchscript-policy}) end to end over MuJoCo, a dual-loop
 * variant calling two methods of the same module, the one-line load errors and a NaN policy.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TorchScriptPolicyTest {

    /** The shipped example directory. */
    static final Path EXAMPLE = example();
    private static final double[] TARGET = {0.45, 0.0, 0.25};

    private static ScenarioWorld world;

    /** {@code examples/torchscript-policy} of the repository the tests run in (surefire runs in target/). */
    static Path example() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path e = p.resolve("examples").resolve("torchscript-policy");
            if (Files.isRegularFile(e.resolve("policy.json"))) {
                return e;
            }
        }
        throw new IllegalStateException("examples/torchscript-policy not found above " + Path.of("").toAbsolutePath());
    }

    @BeforeAll
    static void buildWorld() {
        world = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), "arm7", ConditionLoader.load("lab"), 64, 64);
    }

    @AfterAll
    static void closeWorld() {
        world.close();
    }

    private static EpisodeRecord run(ControlStack stack, long seed) {
        return new EpisodeRunner().run(EpisodeSpec.of("reach", "arm7", seed, "lab", stack.name()), world, stack);
    }

    /** A copy of the example in {@code dir} with policy.json replaced by {@code edit(text)}. */
    static Path variant(Path dir, java.util.function.UnaryOperator<String> edit) throws IOException {
        Files.createDirectories(dir);
        Files.copy(EXAMPLE.resolve("policy.pt"), dir.resolve("policy.pt"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("policy.json"), edit.apply(Files.readString(EXAMPLE.resolve("policy.json"))));
        return dir;
    }

    @Test
    void theShippedExampleDrivesTheGripperToItsFixedPointAndHoldsIt() {
        PolicyDirectory pd = PolicyDirectory.open(EXAMPLE);
        assertThat(pd.format()).isEqualTo(TorchScriptSpec.FORMAT);
        assertThat(pd.defaultStackName()).isEqualTo("policy:torchscript-policy");
        try (ControlStack stack = pd.newStack(pd.defaultStackName())) {
            EpisodeRecord r = run(stack, 3);
            // the example ignores the object: the episode runs to its time limit unless the object
            // happens to sit under the fixed point
            assertThat(r.failureReason()).satisfiesAnyOf(f -> assertThat(f).isNull(),
                f -> assertThat(f).isEqualTo("timeout"));
            assertThat(r.stack()).isEqualTo("policy:torchscript-policy");
            LoopRecord loop = r.loops().get("policy");
            assertThat(loop.targetHz()).isEqualTo(20.0);
            assertThat(loop.ticks()).isGreaterThan(150);
            assertThat(loop.latencyModel()).isEqualTo("measured");
            assertThat(loop.wallPhasesMs().infer()).isPositive();
            double[] ee = world.eePosition();
            assertThat(Math.hypot(Math.hypot(ee[0] - TARGET[0], ee[1] - TARGET[1]), ee[2] - TARGET[2]))
                .as("final EE %s vs fixed point", java.util.Arrays.toString(ee)).isLessThan(0.02);
        }
    }

    @Test
    void aDualLoopPolicyCallsTwoMethodsOfOneModuleAtTheirOwnRates(@TempDir Path tmp) throws IOException {
        Path dir = variant(tmp.resolve("dual"), t -> t.replaceAll("(?s)\"loops\": \\[.*\\]",
            "\"loops\": [\n"
                + "  {\"name\": \"system2\", \"rate_hz\": 5, \"method\": \"system2\","
                + " \"inputs\": [\"observation.images.front\"], \"output\": \"latent\", \"latency\": \"fixed:100ms\"},\n"
                + "  {\"name\": \"system1\", \"rate_hz\": 100, \"method\": \"system1\","
                + " \"inputs\": [\"latent\", \"observation.state\"], \"latency\": \"fixed:2ms\"}\n]"));
        PolicyDirectory pd = PolicyDirectory.open(dir);
        try (ControlStack stack = pd.newStack("dual")) {
            EpisodeRecord r = run(stack, 4);
            assertThat(r.loops()).containsOnlyKeys("system1", "system2");
            assertThat(r.loops().get("system2").achievedHz()).isBetween(4.5, 5.5);
            assertThat(r.loops().get("system1").achievedHz()).isBetween(95.0, 101.0);
            double[] ee = world.eePosition();
            assertThat(Math.hypot(Math.hypot(ee[0] - TARGET[0], ee[1] - TARGET[1]), ee[2] - TARGET[2]))
                .isLessThan(0.02);
        }
    }

    @Test
    void anImageSizeTheModuleRejectsIsFoundByTheDryRun(@TempDir Path tmp) throws IOException {
        Path dir = variant(tmp.resolve("p"), t -> t.replace("\"shape\": [3, 64, 64]", "\"shape\": [3, 48, 48]"));
        assertThatThrownBy(() -> PolicyDirectory.open(dir)).isInstanceOf(CheckpointException.class)
            .message().startsWith(dir.resolve("policy.json") + ": field input_features.observation.images.front.shape "
                + "[3, 48, 48], input_features.observation.state.shape [8]: rejected by policy.pt method forward "
                + "(loops[0]): ").contains("shapes cannot be multiplied").doesNotContain("\n");
    }

    @Test
    void aMissingModelFileIsNamedWithItsField(@TempDir Path tmp) throws IOException {
        Path dir = variant(tmp.resolve("p"), t -> t);
        Files.delete(dir.resolve("policy.pt"));
        assertThatThrownBy(() -> PolicyDirectory.open(dir)).isInstanceOf(CheckpointException.class)
            .hasMessage(dir.resolve("policy.pt") + ": missing file (policy.json field model)");
    }

    @Test
    void anUnknownActionSpaceIsNamedWithItsField(@TempDir Path tmp) throws IOException {
        Path dir = variant(tmp.resolve("p"), t -> t.replace("\"space\": \"ee_delta\"", "\"space\": \"ee_twist\""));
        assertThatThrownBy(() -> PolicyDirectory.open(dir)).isInstanceOf(CheckpointException.class)
            .hasMessage(dir.resolve("policy.json") + ": field output_features.action.space: unknown action space "
                + "'ee_twist' (expected ee_delta or joint_position)");
    }

    @Test
    void aWrongDeclaredActionShapeAndATypoAreOneLineErrors(@TempDir Path tmp) throws IOException {
        Path shape = variant(tmp.resolve("a"), t -> t.replace("\"shape\": [10, 7]", "\"shape\": [8, 7]"));
        assertThatThrownBy(() -> PolicyDirectory.open(shape)).hasMessage(shape.resolve("policy.json")
            + ": field output_features.action.shape is [8, 7] but policy.pt method forward returns [1, 10, 7]");
        Path typo = variant(tmp.resolve("b"), t -> t.replace("\"rate_hz\"", "\"rate\""));
        assertThatThrownBy(() -> PolicyDirectory.open(typo)).message()
            .startsWith(typo.resolve("policy.json") + ": field loops[0].rate: unknown field");
    }

    @Test
    void aNanActionFailsTheEpisodeNamingTheStageAndTheIndex(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("nan");
        Files.createDirectories(dir);
        try (var in = getClass().getResourceAsStream("nan.pt")) {
            Files.copy(in, dir.resolve("nan.pt"));
        }
        Files.writeString(dir.resolve("policy.json"), """
            {"format": "stackarena-torchscript/1", "model": "nan.pt",
             "input_features": {"observation.state": {"type": "STATE", "shape": [8],
                                 "keys": ["ee_pos", "ee_quat", "gripper_width"]}},
             "output_features": {"action": {"type": "ACTION", "space": "ee_delta", "shape": [1, 7],
                                 "chunk_interval_s": 0.05, "max_linear": 0.02, "max_angular": 0.05}},
             "loops": [{"name": "policy", "rate_hz": 20, "inputs": ["observation.state"]}]}
            """);
        try (ControlStack stack = PolicyDirectory.open(dir).newStack("nan")) {
            EpisodeRecord r = run(stack, 5);
            assertThat(r.success()).isFalse();
            assertThat(r.failureReason()).startsWith(
                "stack_exception: stage 'policy' published a non-finite value on action: step 0 value[0] is NaN");
        }
    }

    @Test
    void wordsTokenizerMapsWordsToVocabularyLines(@TempDir Path tmp) throws IOException {
        Path dir = variant(tmp.resolve("p"), t -> t.replace("\"observation.state\": {",
            "\"task\": {\"type\": \"LANGUAGE\", \"shape\": [4], \"tokenizer\": \"words\", \"vocab\": \"vocab.txt\"},\n"
                + "\"observation.state\": {"));
        Files.writeString(dir.resolve("vocab.txt"), "<pad>\n<unk>\nthe\nred\ncube\n");
        TorchScriptSpec spec = TorchScriptSpec.parse("policy.json", Files.readString(dir.resolve("policy.json")));
        try (TorchScriptPolicy p = TorchScriptPolicy.load(dir, spec)) {
            assertThat(p.tokens(spec.inputs().get("task"), "Reach for the RED cube!"))
                .containsExactly(1, 1, 2, 3);
            assertThat(p.tokens(spec.inputs().get("task"), "cube")).containsExactly(4, 0, 0, 0);
        }
    }
}
