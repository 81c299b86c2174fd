package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --policy DIR} with the shipped TorchScript example, {@code --stack-class}, and the
 * one-line exit-2 errors of a bad policy directory.
 */
class PolicyOptionTest {

    /** {@code examples/torchscript-policy} above the test's working directory. */
    static Path example() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path e = p.resolve("examples").resolve("torchscript-policy");
            if (Files.isRegularFile(e.resolve("policy.json"))) {
                return e;
            }
        }
        throw new IllegalStateException("examples/torchscript-policy not found");
    }

    private static Path variant(Path dir, UnaryOperator<String> edit) throws IOException {
        Files.createDirectories(dir);
        Files.copy(example().resolve("policy.pt"), dir.resolve("policy.pt"));
        Files.writeString(dir.resolve("policy.json"), edit.apply(Files.readString(example().resolve("policy.json"))));
        return dir;
    }

    private static CliRun.Outcome bench(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("bench", "--suite", "smoke", "--scenario", "reach",
            "--condition", "lab", "--workers", "1", "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void benchRunsTheTorchScriptExampleAsAStackNamedAfterItsDirectory(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        CliRun.Outcome o = bench(out, "--policy", example().toString());
        assertThat(o.code()).as(o.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("episodes.jsonl"));
        assertThat(lines).hasSize(1);
        JsonNode rec = new ObjectMapper().readTree(lines.get(0));
        assertThat(rec.get("stack").asText()).isEqualTo("policy:torchscript-policy");
        assertThat(rec.toString()).contains("\"policy\"");
        assertThat(o.out()).contains("policy:torchscript-policy");
    }

    @Test
    void aPolicyCanBeNamedAndRunNextToANamedStack(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        CliRun.Outcome o = bench(out, "--stack", "hold-still", "--policy", "mine=" + example());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("mine").contains("hold-still");
    }

    @Test
    void stackClassLoadsAControlStackByName(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        CliRun.Outcome o = bench(out, "--stack-class", "org.stackarena.api.HoldStillStack");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(Files.readString(out.resolve("episodes.jsonl"))).contains("\"stack\":\"hold-still\"");
        CliRun.Outcome missing = bench(tmp.resolve("x"), "--stack-class", "com.example.Nope");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("error: --stack-class com.example.Nope: no such class on the "
            + "classpath (add its jar with STACKARENA_CLASSPATH=path/to/your.jar)");
        CliRun.Outcome wrong = bench(tmp.resolve("y"), "--stack-class", "java.lang.String");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err().strip()).startsWith("error: --stack-class java.lang.String: implements neither");
    }

    @Test
    void aRejectedImageSizeIsOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
        Path dir = variant(tmp.resolve("p"), t -> t.replace("\"shape\": [3, 64, 64]", "\"shape\": [3, 48, 48]"));
        CliRun.Outcome o = bench(tmp.resolve("run"), "--policy", dir.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").startsWith("error: " + dir.resolve("policy.json")
            + ": field input_features.observation.images.front.shape [3, 48, 48], input_features.observation.state.shape "
            + "[8]: rejected by policy.pt method forward (loops[0]): ").contains("shapes cannot be multiplied");
        assertThat(tmp.resolve("run").resolve("episodes.jsonl")).doesNotExist();
    }

    @Test
    void aMissingFileIsOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
        Path dir = variant(tmp.resolve("p"), t -> t);
        Files.delete(dir.resolve("policy.pt"));
        CliRun.Outcome o = bench(tmp.resolve("run"), "--policy", dir.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("error: " + dir.resolve("policy.pt")
            + ": missing file (policy.json field model)");
        CliRun.Outcome noDir = bench(tmp.resolve("run2"), "--policy", tmp.resolve("nowhere").toString());
        assertThat(noDir.code()).isEqualTo(2);
        assertThat(noDir.err().strip()).isEqualTo("error: --policy " + tmp.resolve("nowhere") + ": "
            + tmp.resolve("nowhere") + " is not an existing directory (give a policy directory: DIR or NAME=DIR)");
    }

    @Test
    void anUnknownActionSpaceIsOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
        Path dir = variant(tmp.resolve("p"), t -> t.replace("\"space\": \"ee_delta\"", "\"space\": \"cartesian\""));
        CliRun.Outcome o = bench(tmp.resolve("run"), "--policy", dir.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("error: " + dir.resolve("policy.json")
            + ": field output_features.action.space: unknown action space 'cartesian' (expected ee_delta or "
            + "joint_position)");
    }
}
