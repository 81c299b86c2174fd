package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.api.ControlStack;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.StackContext;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.policies.remote.RemotePolicyLoader;
import org.stackarena.policies.torchscript.TorchScriptSpec;

/**
 * The run's chunk-execution choice ({@code --chunking}, carried by {@link StackContext#chunkExecution})
 * reaches every chunked policy stack a provider or loader builds; without it, policy.json's
 * {@code chunk_execution} decides, else the format's default.
 */
class ChunkingSelectionTest {

    private static final StackContext PLAIN = StackContext.builder(new RobotDescription("r", List.of("a", "b", "c"),
        new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new double[] {1, 1, 1}, 0.08), 0.002).build();

    @TempDir
    Path tmp;

    private static String chunking(ControlStack s) {
        try (s) {
            return s.chunking().orElseThrow();
        }
    }

    @Test
    void theBuiltInVlaTakesTheRunsChoiceElseEnsemblesOverItsChunkSpan() throws Exception {
        VlaStackProvider vla = new VlaStackProvider();
        assertThat(chunking(vla.create(PLAIN))).as("the default is unchanged").isEqualTo("ensemble:1.0s");
        for (String form : List.of("rtc", "blocking", "replace", "ensemble:500ms")) {
            assertThat(chunking(vla.create(PLAIN.withChunkExecution(form)))).as(form)
                .isEqualTo(ChunkExecution.parse(form).toString());
        }
    }

    @Test
    void aVlaCheckpointsPolicyJsonChoosesItsDefaultAndTheRunsChoiceWins() throws Exception {
        Path dir = tmp.resolve("ckpt");
        try (VlaPolicy p = VlaPolicy.create(TestPolicies.tinySpec(), 5)) {
            p.save(dir);
        }
        Path json = dir.resolve("policy.json");
        Files.writeString(json, Files.readString(json).replaceFirst("\\{", "{ \"chunk_execution\" : \"RTC:linear\","));
        assertThat(PolicySpec.parse("policy.json", Files.readString(json)).chunkExecution()).as("canonical")
            .isEqualTo("rtc:linear");
        PolicyDirectory pd = PolicyDirectory.open(dir);
        assertThat(chunking(pd.provider("mine").create(PLAIN))).isEqualTo("rtc:linear");
        assertThat(chunking(pd.provider("mine").create(PLAIN.withChunkExecution("blocking")))).isEqualTo("blocking");
    }

    @Test
    void theTorchScriptExampleTakesTheRunsChoice() throws Exception {
        PolicyDirectory pd = PolicyDirectory.open(org.stackarena.policies.torchscript.TorchScriptSpecAccess.example());
        assertThat(chunking(pd.provider("ts").create(PLAIN))).isEqualTo("hold-and-switch");
        assertThat(chunking(pd.provider("ts").create(PLAIN.withChunkExecution("rtc:hard")))).isEqualTo("rtc:hard");
    }

    @Test
    void torchScriptPolicyJsonAcceptsEveryStrategyAndNamesABadOne() throws Exception {
        Path example = org.stackarena.policies.torchscript.TorchScriptSpecAccess.example();
        String text = Files.readString(example.resolve("policy.json"));
        for (String form : List.of("hold-and-switch", "ensemble:0.2s", "rtc:exp", "blocking")) {
            TorchScriptSpec spec = TorchScriptSpec.parse("p.json",
                text.replaceFirst("\\{", "{\"chunk_execution\": \"" + form + "\","));
            assertThat(spec.chunkExecution()).isEqualTo(ChunkExecution.parse(form));
        }
        assertThatThrownBy(() -> TorchScriptSpec.parse("p.json",
            text.replaceFirst("\\{", "{\"chunk_execution\": \"rtc:soft\",")))
            .hasMessageStartingWith("p.json: field chunk_execution: bad chunk execution 'rtc:soft'")
            .hasMessageContaining("valid forms").hasMessageNotContaining("\n");
    }

    @Test
    void aRemoteDirectorysPolicyJsonChoosesAndTheRunsChoiceWins() throws Exception {
        Files.writeString(tmp.resolve("policy.json"),
            "{\"format\": \"stackarena-remote/1\", \"url\": \"ws://127.0.0.1:1\", \"chunk_execution\": \"blocking\"}");
        PolicyDirectory pd = PolicyDirectory.open(tmp);
        assertThat(chunking(pd.provider("far").create(PLAIN))).isEqualTo("blocking");
        assertThat(chunking(pd.provider("far").create(PLAIN.withChunkExecution("rtc")))).isEqualTo("rtc:exp");
        try (PolicyStack s = pd.withChunkExecution(ChunkExecution.blocking()).newStack("far", PLAIN)) {
            assertThat(s.chunking()).contains("blocking");
        }
        assertThatThrownBy(() -> RemotePolicyLoader.parse("p.json",
            "{\"format\": \"stackarena-remote/1\", \"url\": \"ws://x:1\", \"chunk_execution\": \"ensemble\"}"))
            .hasMessageStartingWith("p.json: field chunk_execution: bad chunk execution 'ensemble'")
            .hasMessageContaining("needs a window");
    }

    @Test
    void theRemoteStackTakesTheRunsChoice() throws Exception {
        assertThat(chunking(new org.stackarena.policies.remote.RemoteStackProvider().create(PLAIN)))
            .isEqualTo("hold-and-switch");
        assertThat(chunking(new org.stackarena.policies.remote.RemoteStackProvider()
            .create(PLAIN.withChunkExecution("rtc")))).isEqualTo("rtc:exp");
    }
}
