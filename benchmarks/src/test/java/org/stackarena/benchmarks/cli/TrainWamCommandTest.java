package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --arch wam} on a dataset written by {@code collect} writes a loadable world-model directory. */
class TrainWamCommandTest {

    @Test
    void collectThenTrainArchWamWritesAWorldModelDirectory(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("demos");
        CliRun.Outcome c = CliRun.run("collect", "--out", data.toString(), "--scenario", "reach", "--episodes", "2",
            "--cameras", "front");
        assertThat(c.code()).as(c.err()).isZero();
        Path out = tmp.resolve("wam");
        CliRun.Outcome t = CliRun.run("train", "--arch", "wam", "--data", data.toString(), "--out", out.toString(),
            "--epochs", "1", "--batch", "8", "--chunk", "2", "--latent-dim", "8");
        assertThat(t.code()).as(t.err()).isZero();
        JsonNode spec = new ObjectMapper().readTree(Files.readString(out.resolve("policy.json")));
        assertThat(spec.get("format").asText()).isEqualTo("stackarena-wam/1");
        assertThat(spec.get("model").get("latent_dim").asInt()).isEqualTo(8);
        assertThat(spec.get("model").get("train_horizon").asInt()).isEqualTo(2);
        assertThat(spec.get("training").get("arch").asText()).isEqualTo("wam");
        assertThat(spec.get("training").get("history")).hasSize(1);
        assertThat(out.resolve("wam.params")).exists();
        assertThat(out.resolve("encoder/vla.params")).exists();
        CliRun.Outcome check = CliRun.run("perf", "policy", "--checkpoint", out.toString(), "--iterations", "10",
            "--system2-iterations", "10", "--json", tmp.resolve("perf.json").toString());
        assertThat(check.code()).as(check.err()).isZero();
        JsonNode perf = new ObjectMapper().readTree(Files.readString(tmp.resolve("perf.json")));
        assertThat(perf.has("planner_p50_ms")).isTrue();
        assertThat(perf.has("planner_p99_ms")).isTrue();
        assertThat(perf.has("tracker_p99_ms")).isTrue();
    }

    @Test
    void architectureOnlyOptionsAreOneLineErrors(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("d/meta"));
        Files.writeString(tmp.resolve("d/meta/info.json"), "{}");
        CliRun.Outcome enc = CliRun.run("train", "--data", tmp.resolve("d").toString(), "--out",
            tmp.resolve("o").toString(), "--encoder", tmp.toString());
        assertThat(enc.code()).isEqualTo(2);
        assertThat(enc.err().strip()).isEqualTo("error: --encoder: only with --arch wam");
        CliRun.Outcome chunk = CliRun.run("train", "--arch", "wam", "--data", tmp.resolve("d").toString(), "--out",
            tmp.resolve("o").toString(), "--chunk", "12");
        assertThat(chunk.code()).isEqualTo(2);
        assertThat(chunk.err().strip()).startsWith("error: --chunk 12: with --arch wam the training rollout horizon");
        assertThat(tmp.resolve("o")).doesNotExist();
    }
}
