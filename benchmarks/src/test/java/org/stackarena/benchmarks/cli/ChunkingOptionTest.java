package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --chunking}: it reaches a {@code --policy} stack (recorded in each episode record as
 * {@code chunking}), a run without a chunked stack says so in one warning line, a bad value is one
 * line with exit 2, and a run directory is not resumed with another strategy.
 */
class ChunkingOptionTest {

    private static CliRun.Outcome bench(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("bench", "--suite", "smoke", "--scenario", "reach",
            "--condition", "lab", "--workers", "1", "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static JsonNode only(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("episodes.jsonl"));
        assertThat(lines).hasSize(1);
        return new ObjectMapper().readTree(lines.get(0));
    }

    @Test
    void theStrategyReachesAPolicyDirectoryAndIsRecorded(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        CliRun.Outcome o = bench(out, "--policy", PolicyOptionTest.example().toString(), "--chunking", "RTC");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.err()).doesNotContain("warning");
        assertThat(only(out).get("chunking").asText()).isEqualTo("rtc:exp");
        CliRun.Outcome other = bench(out, "--policy", PolicyOptionTest.example().toString(), "--chunking", "blocking");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err().strip()).isEqualTo("error: " + out + " holds a run timed differently: "
            + "policy:torchscript-policy chunking rtc:exp vs blocking; use another --out or the same options to resume it");
        Path plain = tmp.resolve("plain");
        assertThat(bench(plain, "--policy", PolicyOptionTest.example().toString()).code()).isZero();
        assertThat(only(plain).get("chunking").asText()).as("the example's default").isEqualTo("hold-and-switch");
    }

    @Test
    void aRunWithoutChunkedStacksWarnsOnceAndRecordsNoStrategy(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        CliRun.Outcome o = bench(out, "--stack", "hold-still", "--chunking", "blocking");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.err().lines().filter(l -> l.contains("--chunking")).toList()).containsExactly(
            "warning: --chunking blocking: no stack of this run executes action chunks (hold-still); it changes nothing");
        assertThat(only(out).has("chunking")).isFalse();
    }

    @Test
    void aBadValueIsOneLineAndExit2(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        CliRun.Outcome o = bench(out, "--stack", "hold-still", "--chunking", "rtc:soft");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).startsWith("error: ").contains("--chunking").contains("rtc:soft")
            .contains("valid forms: hold-and-switch").doesNotContain("\n");
        assertThat(out).doesNotExist();
    }
}
