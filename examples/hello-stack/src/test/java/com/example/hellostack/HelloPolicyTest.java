package com.example.hellostack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.api.ControlStack;
import org.stackarena.api.ControlStackContract;
import org.stackarena.api.harness.FakeArmWorld;
import org.stackarena.api.harness.World;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.InvalidPolicyException;
import org.stackarena.api.policy.PolicyLoader;
import org.stackarena.api.policy.PolicyStack;

/** The example policy passes the stack contract, and its directory format is found and checked. */
class HelloPolicyTest extends ControlStackContract {

    @TempDir
    Path tmp;

    @Override
    protected ControlStack createStack() {
        return HelloPolicy.create("hello-policy", 10, ChunkExecution.replace());
    }

    @Override
    protected World createWorld() {
        return FakeArmWorld.builder().optTimeLimit(30).optInstruction("touch the red cube").optMarker(220, 30, 30)
            .build();
    }

    private Path dir(String json) throws Exception {
        Files.writeString(tmp.resolve("policy.json"), json);
        return tmp;
    }

    @Test
    void aDirectoryOfItsFormatLoadsThroughTheSpiWithItsOptions() throws Exception {
        Path d = dir("{\"format\": \"hello-reach/1\", \"rate_hz\": 20, \"chunk_execution\": \"ensemble:0.5s\"}");
        PolicyLoader loader = PolicyLoader.forDirectory(d);
        assertThat(loader).isInstanceOf(HelloPolicyLoader.class);
        assertThat(loader.check(d)).contains("20.0 Hz");
        try (PolicyStack s = loader.load(d, new PolicyLoader.Options("mine", null))) {
            assertThat(s.name()).isEqualTo("mine");
            assertThat(s.loops().get(0).rateHz()).isEqualTo(20);
            assertThat(s.chunkExecution()).isEqualTo(ChunkExecution.parse("ensemble:0.5s"));
        }
        try (PolicyStack s = loader.load(d, new PolicyLoader.Options("mine", ChunkExecution.replace()))) {
            assertThat(s.chunkExecution()).as("the caller's option wins").isEqualTo(ChunkExecution.replace());
        }
        for (String form : java.util.List.of("hold-and-switch", "ensemble:1.0s", "rtc:exp", "rtc:hard", "blocking")) {
            Path f = dir("{\"format\": \"hello-reach/1\", \"chunk_execution\": \"" + form + "\"}");
            try (PolicyStack s = loader.load(f, PolicyLoader.Options.named("mine"))) {
                assertThat(s.chunking()).as("policy.json accepts " + form).contains(form);
            }
        }
    }

    @Test
    void aBadFileIsOneLineNamingTheField() throws Exception {
        Path d = dir("{\"format\": \"hello-reach/1\", \"rate\": 20}");
        assertThatThrownBy(() -> PolicyLoader.forDirectory(d).check(d)).isInstanceOf(InvalidPolicyException.class)
            .hasMessageContaining("policy.json: field rate: unknown field").hasMessageNotContaining("\n");
        Path e = dir("{\"format\": \"hello-reach/1\", \"chunk_execution\": \"average\"}");
        assertThatThrownBy(() -> PolicyLoader.forDirectory(e).check(e)).isInstanceOf(InvalidPolicyException.class)
            .hasMessageContaining("field chunk_execution").hasMessageContaining("valid forms");
        Path f = dir("{\"format\": \"hello-reach/2\"}");
        assertThatThrownBy(() -> PolicyLoader.forDirectory(f)).isInstanceOf(InvalidPolicyException.class)
            .hasMessageContaining("field format is 'hello-reach/2'").hasMessageContaining("hello-reach/1");
    }
}
