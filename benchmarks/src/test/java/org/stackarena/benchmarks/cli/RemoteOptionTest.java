package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.policies.remote.ReferencePolicyServer;

/**
 * {@code bench --stack remote --remote KEY=VALUE} against a server that behaves like a stock openpi
 * server (metadata {@code {}}, LIBERO actions): the failure without client-side settings carries its
 * detail into the record, the console and the report's failure table; with them the episode runs.
 */
class RemoteOptionTest {

    /** The settings of {@code examples/openpi-libero/policy.json}, as {@code --remote} options. */
    static final List<String> LIBERO = List.of("action_space=ee_delta",
        "action_space.low=-0.05,-0.05,-0.05,-1,-1,-1", "action_space.high=0.05,0.05,0.05,1,1,1",
        "chunk_interval_s=0.05", "image_size=224,224", "camera_keys=observation/image,observation/wrist_image",
        "state_keys=observation/state", "obs.observation/image=rgb:front", "obs.observation/wrist_image=rgb:wrist",
        "obs.observation/state=ee_position+ee_rotvec+gripper_fingers", "obs.prompt=instruction",
        "action_mapping.scale=0.05,0.05,0.05,0.5,0.5,0.5", "action_mapping.rotation=rotvec",
        "action_mapping.gripper=-1,1", "action_mapping.clip=-1,1", "rate_hz=4");

    private static ReferencePolicyServer openpiServer() {
        return ReferencePolicyServer.builder().optPort(0)
            .optOpenpi(Map.of(), ReferencePolicyServer.liberoInterface("pi05-libero-like", 10))
            .optPolicy(ReferencePolicyServer.liberoReach(new double[] {0.45, 0.0, 0.30}, 10)).build().start();
    }

    private static CliRun.Outcome bench(Path out, List<String> settings) {
        List<String> args = new ArrayList<>(List.of("bench", "--suite", "smoke", "--scenario", "reach", "--condition",
            "lab", "--robot", "arm7", "--workers", "1", "--stack", "remote", "--out", out.toString()));
        settings.forEach(s -> args.addAll(List.of("--remote", s)));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void withoutClientSettingsTheDetailReachesRecordConsoleAndReport(@TempDir Path tmp) throws IOException {
        try (ReferencePolicyServer server = openpiServer()) {
            Path out = tmp.resolve("run");
            CliRun.Outcome o = bench(out, List.of("url=" + server.url()));

            String reason = "remote_error: metadata from " + server.url() + " lacks action_space; set action_space "
                + "client side (remote policy.json field or --remote key action_space, e.g. {\"type\": \"ee_delta\", "
                + "\"low\": [..], \"high\": [..]})";
            JsonNode rec = new ObjectMapper().readTree(Files.readAllLines(out.resolve("episodes.jsonl")).get(0));
            assertThat(rec.get("failure_reason").asText()).isEqualTo(reason);
            assertThat(o.err().lines().filter(l -> l.startsWith("[bench] remote failed reach/arm7/lab seed ")))
                .singleElement().asString().endsWith(": " + reason + " (first episode with this failure)");
            String md = Files.readString(out.resolve("report.md"));
            assertThat(md).contains("| failure reason | episodes | details (episodes) |")
                .contains("| remote_error | 1 | metadata from " + server.url() + " lacks action_space; set action_space "
                    + "client side (remote policy.json field or --remote key action_space, e.g. {\"type\": \"ee_delta\", "
                    + "\"low\": [..], \"high\": [..]}) (1) |");
        }
    }

    @Test
    void withTheLiberoSettingsTheEpisodeRunsAgainstEmptyMetadata(@TempDir Path tmp) throws IOException {
        try (ReferencePolicyServer server = openpiServer()) {
            Path out = tmp.resolve("run");
            List<String> settings = new ArrayList<>(LIBERO);
            settings.add("url=" + server.url());
            CliRun.Outcome o = bench(out, settings);

            assertThat(o.code()).as(o.err()).isZero();
            JsonNode rec = new ObjectMapper().readTree(Files.readAllLines(out.resolve("episodes.jsonl")).get(0));
            assertThat(rec.path("failure_reason").asText("")).isIn("", "null", "timeout");
            assertThat(rec.at("/loops/remote/ticks").asLong()).isEqualTo(server.requests()).isGreaterThan(5);
        }
    }

    @Test
    void settingsAreCheckedBeforeAnyEpisode(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        CliRun.Outcome wrongStack = CliRun.run("bench", "--stack", "hold-still", "--scenario", "reach", "--out",
            out.toString(), "--remote", "url=ws://127.0.0.1:1");
        assertThat(wrongStack.code()).isEqualTo(2);
        assertThat(wrongStack.err().strip()).isEqualTo("error: --remote url=ws://127.0.0.1:1: applies to --stack "
            + "remote, which this run does not include (a remote policy directory takes its settings from its "
            + "policy.json)");
        CliRun.Outcome bounds = bench(out, List.of("action_space=ee_delta", "action_space.low=-1,-1", "action_space.high=1,1"));
        assertThat(bounds.code()).isEqualTo(2);
        assertThat(bounds.err().strip()).doesNotContain("\n").startsWith("error: --remote: remote policy config: bad "
            + "action_space.low='-1,-1': EE_DELTA has 6 dimensions");
        CliRun.Outcome key = bench(out, List.of("action_spaces=ee_delta"));
        assertThat(key.code()).isEqualTo(2);
        assertThat(key.err().strip()).doesNotContain("\n").contains("--remote").contains("'action_spaces=ee_delta' "
            + "names an unknown key (known: url, timeout_ms");
        assertThat(out).doesNotExist();
    }

    @Test
    void aBadRemotePolicyJsonIsOneLineAndExit2(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("openpi"));
        Files.writeString(dir.resolve("policy.json"), "{\"format\": \"stackarena-remote/1\", \"url\": "
            + "\"ws://127.0.0.1:8000\", \"action_mapping\": {\"gripper\": [-1]}}");
        Path out = tmp.resolve("run");
        CliRun.Outcome o = CliRun.run("bench", "--scenario", "reach", "--out", out.toString(), "--policy",
            dir.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("error: " + dir.resolve("policy.json")
            + ": field action_mapping.gripper: expected 2 comma-separated numbers, got 1");
        assertThat(out).doesNotExist();
    }

    @Test
    void aBadRemoteConfigFileIsOneLineAndExit2BeforeAnyEpisode(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("remote.json"), "{\"format\": \"stackarena-remote/1\", "
            + "\"url\": \"ws://127.0.0.1:8000\", \"chunk_interval_s\": \"fast\"}");
        Path out = tmp.resolve("run");
        System.setProperty("stackarena.remote.config", file.toString()); // as STACKARENA_REMOTE_CONFIG
        try {
            CliRun.Outcome o = bench(out, List.of());
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err().strip()).isEqualTo("error: --stack remote: " + file
                + ": field chunk_interval_s: must be a number, got \"fast\"");
        } finally {
            System.clearProperty("stackarena.remote.config");
        }
        assertThat(out).doesNotExist();
    }
}
