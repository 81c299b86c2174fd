package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.api.Observations;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.InvalidPolicyException;
import org.stackarena.api.policy.PolicyLoader;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.policies.remote.RemotePolicyLoader;
import org.stackarena.policies.remote.RemotePolicyStack;
import org.stackarena.policies.torchscript.TorchScriptSpec;

/** Policy directories reach their loader through the SPI by policy.json's format. */
class PolicyLoaderTest {

    @Test
    void theThreeBuiltInFormatsAreFoundByServiceLoader() {
        assertThat(PolicyLoader.all()).extracting(PolicyLoader::format)
            .contains(PolicySpec.FORMAT, TorchScriptSpec.FORMAT, RemotePolicyLoader.FORMAT);
    }

    @Test
    void anUnknownFormatListsTheKnownOnes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("policy.json"), "{\"format\": \"onnx/1\"}");
        assertThatThrownBy(() -> PolicyDirectory.open(dir)).isInstanceOf(InvalidPolicyException.class)
            .hasMessageStartingWith(dir.resolve("policy.json") + ": field format is 'onnx/1', expected one of [")
            .hasMessageContaining(PolicySpec.FORMAT).hasMessageContaining(TorchScriptSpec.FORMAT)
            .hasMessageContaining(RemotePolicyLoader.FORMAT);
        Files.writeString(dir.resolve("policy.json"), "{\"model\": \"x.pt\"}");
        assertThatThrownBy(() -> PolicyDirectory.open(dir)).hasMessageContaining("field format is missing");
        assertThatThrownBy(() -> PolicyDirectory.open(dir.resolve("nope")))
            .hasMessage(dir.resolve("nope") + ": policy directory does not exist");
    }

    @Test
    void aRemoteDirectoryBecomesTheRemoteStackWithoutConnecting(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("policy.json"), """
            {"format": "stackarena-remote/1", "url": "ws://127.0.0.1:1", "rate_hz": 5, "latency": "fixed:40ms",
             "observations": {"image": "rgb:wrist", "prompt": "instruction"}}
            """);
        PolicyDirectory pd = PolicyDirectory.open(dir).withChunkExecution(ChunkExecution.parse("ensemble:0.5s"));
        assertThat(pd.description()).startsWith("remote policy ws://127.0.0.1:1");
        try (PolicyStack stack = pd.newStack("far")) {
            assertThat(stack.name()).isEqualTo("far");
            assertThat(stack.loops()).hasSize(1);
            assertThat(stack.loops().get(0).name()).isEqualTo(RemotePolicyStack.LOOP);
            assertThat(stack.loops().get(0).rateHz()).isEqualTo(5.0);
            assertThat(stack.loops().get(0).reads()).containsExactlyInAnyOrder(Observations.rgbd("wrist"),
                Observations.INSTRUCTION);
            assertThat(stack.chunkExecution()).isEqualTo(ChunkExecution.ensemble(0.5));
            assertThat(RemotePolicyStack.client(stack).config().url().toString()).isEqualTo("ws://127.0.0.1:1");
        }
    }

    @Test
    void remotePolicyJsonMistakesNameTheFileAndField() {
        assertThatThrownBy(() -> RemotePolicyLoader.parse("p.json", "{\"format\": \"stackarena-remote/1\"}"))
            .hasMessage("p.json: field url: is missing (a ws:// or wss:// address)");
        assertThatThrownBy(() -> RemotePolicyLoader.parse("p.json",
            "{\"format\": \"stackarena-remote/1\", \"url\": \"http://x:1\"}"))
            .hasMessageStartingWith("p.json: field url: ").hasMessageContaining("must start with ws://");
        assertThatThrownBy(() -> RemotePolicyLoader.parse("p.json",
            "{\"format\": \"stackarena-remote/1\", \"url\": \"ws://x:1\", \"rate\": 3}"))
            .hasMessageStartingWith("p.json: field rate: unknown field (allowed: ");
        assertThatThrownBy(() -> RemotePolicyLoader.parse("p.json",
            "{\"format\": \"stackarena-remote/1\", \"url\": \"ws://x:1\", \"observations\": {\"a\": \"rgb\"}}"))
            .hasMessageStartingWith("p.json: field observations: observation 'a' has unknown source 'rgb'");
    }

    /** The client-side interface fields of a remote policy.json: one line naming the file and field. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"action_space\": {\"type\": \"cartesian\"}|p.json: field action_space: action_space 'cartesian' is not one of ee_delta, ee_pose, joint_position",
        "\"action_space\": {\"type\": \"ee_delta\", \"lo\": [1]}|p.json: field action_space.lo: unknown field (allowed: high, low, type)",
        "\"action_space\": {\"type\": \"ee_delta\", \"low\": [0, 0], \"high\": [1, 1]}|p.json: field action_space.low: EE_DELTA has 6 dimensions (dx,dy,dz,droll,dpitch,dyaw), got 2",
        "\"action_space\": {\"type\": \"ee_delta\", \"low\": \"-1\"}|p.json: field action_space.low: must be a non-empty array of numbers, got \"-1\"",
        "\"chunk_interval_s\": -0.05|p.json: field chunk_interval_s: chunk_interval_s must be positive, got -0.05",
        "\"chunk_size\": 2.5|p.json: field chunk_size: must be an integer, got 2.5",
        "\"image_size\": [224]|p.json: field image_size: expected 2 comma-separated numbers, got 1",
        "\"camera_keys\": [1]|p.json: field camera_keys: must be an array of strings without commas, got [1]",
        "\"action_mapping\": {\"rotation\": \"euler\"}|p.json: field action_mapping.rotation: unknown rotation 'euler' (rpy or rotvec)",
        "\"action_mapping\": {\"gripper\": [1, 1]}|p.json: field action_mapping.gripper: gripper needs two different finite values [open, closed], got [1.0, 1.0]",
        "\"action_mapping\": {\"clip\": [1, -1]}|p.json: field action_mapping.clip: clip must be finite [low, high] with low < high, got [1.0, -1.0]",
        "\"action_mapping\": {\"scales\": [1]}|p.json: field action_mapping.scales: unknown field (allowed: clip, gripper, rotation, scale)",
        "\"observations\": {\"s\": \"ee_position+ee_euler\"}|p.json: field observations: observation 's' has unknown source 'ee_position+ee_euler' (use rgb:<camera>, depth:<camera>, state, joint_positions, joint_velocities, gripper_width, ee_position, ee_quaternion, ee_rotvec, gripper_fingers, state sources joined by + or instruction)"})
    void remoteInterfaceFieldMistakesAreOneLineNamingTheField(String fields, String message) {
        assertThatThrownBy(() -> RemotePolicyLoader.parse("p.json",
            "{\"format\": \"stackarena-remote/1\", \"url\": \"ws://x:1\", " + fields + "}"))
            .hasMessage(message);
    }

    @Test
    void theShippedOpenpiLiberoConfigDeclaresTheWholeInterface() throws IOException {
        Path file = Examples.dir("openpi-libero").resolve("policy.json");
        var c = RemotePolicyLoader.parse(file.toString(), Files.readString(file));
        assertThat(c.url().toString()).isEqualTo("ws://127.0.0.1:8000");
        assertThat(c.declared().actionType()).isEqualTo(org.stackarena.api.ActionSpace.Type.EE_DELTA);
        assertThat(c.declared().chunkIntervalS()).isEqualTo(0.05);
        assertThat(c.declared().imageSize()).containsExactly(224, 224);
        assertThat(c.actionMapping()).isEqualTo(org.stackarena.policies.remote.ActionMapping.libero());
        assertThat(c.observationKeys()).containsEntry("observation/state", "ee_position+ee_rotvec+gripper_fingers");
    }
}
