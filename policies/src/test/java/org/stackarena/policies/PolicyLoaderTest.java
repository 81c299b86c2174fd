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
}
