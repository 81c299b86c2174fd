package org.stackarena.policies.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.policies.Examples;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;

/**
 * MuJoCo reach episodes against a server that behaves like a stock openpi {@code WebsocketPolicyServer}
 * (metadata {@code {}} or a policy config's, {@code server_timing} with {@code prev_total_ms},
 * tracebacks as a text frame then close 1011) serving openpi's LIBERO convention: it runs with the
 * shipped client-side config ({@code examples/openpi-libero/policy.json}) and fails with a precise,
 * recorded reason without it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OpenpiStyleServerTest {

  private static ScenarioWorld world;

  @BeforeAll
  static void buildWorld() {
    world = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), "arm7", ConditionLoader.load("lab"), 64, 64);
  }

  @AfterAll
  static void closeWorld() {
    world.close();
  }

  /** {@code examples/openpi-libero/policy.json}. */
  static Path example() {
    return Examples.dir("openpi-libero").resolve("policy.json");
  }

  /** The shipped client config, pointed at {@code server}. */
  static RemotePolicyConfig shippedConfig(ReferencePolicyServer server) throws IOException {
    return RemotePolicyLoader.parse("policy.json", Files.readString(example())).withUrl(server.url());
  }

  private static ReferencePolicyServer openpiServer(Map<String, Object> metadata) {
    return ReferencePolicyServer.builder().optPort(0)
        .optOpenpi(metadata, ReferencePolicyServer.liberoInterface("pi05-libero-like", 10))
        .optPolicy(ReferencePolicyServer.liberoReach(new double[] {0.45, 0.0, 0.30}, 10)).build().start();
  }

  private static EpisodeRecord run(PolicyStack stack, long seed) {
    return new EpisodeRunner().run(EpisodeSpec.of("reach", "arm7", seed, "lab", "remote"), world, stack);
  }

  @Test
  void emptyMetadataWithTheShippedClientConfigRunsTheEpisode() throws IOException {
    try (ReferencePolicyServer server = openpiServer(Map.of());
        PolicyStack stack = RemotePolicyStack.create(shippedConfig(server))) {
      EpisodeRecord r = run(stack, 3);

      assertThat(r.failureReason()).satisfiesAnyOf(f -> assertThat(f).isNull(), f -> assertThat(f).isEqualTo("timeout"));
      ServerMetadata used = RemotePolicyStack.client(stack).metadata();
      assertThat(used.policyName()).isEqualTo("openpi-libero");
      assertThat(used.chunkIntervalS()).isEqualTo(0.05);
      assertThat(used.imageHeight()).isEqualTo(224);
      // every observation passed the server's LIBERO check (224x224 uint8 images, 8-value state)
      assertThat(server.requests()).isEqualTo(r.loops().get(RemotePolicyStack.LOOP).ticks()).isGreaterThan(5);
      assertThat(RemotePolicyStack.client(stack).roundTrips().serverInferMs().max()).isPositive();
      assertThat(r.eePathLengthM()).as("the scaled LIBERO deltas move the arm").isGreaterThan(0.01);
    }
  }

  @Test
  void emptyMetadataWithoutClientConfigFailsSayingWhatToSet() {
    try (ReferencePolicyServer server = openpiServer(Map.of());
        PolicyStack stack = RemotePolicyStack.create(RemotePolicyConfig.of(server.url().toString()))) {
      EpisodeRecord r = run(stack, 3);

      assertThat(r.failureReason()).isEqualTo("remote_error: metadata from " + server.url()
          + " lacks action_space; set action_space client side (remote policy.json field or --remote key "
          + "action_space, e.g. {\"type\": \"ee_delta\", \"low\": [..], \"high\": [..]})");
      assertThat(r.simTimeS()).isZero();
      assertThat(server.requests()).isZero();
    }
  }

  @Test
  void aPolicyConfigsMetadataIsCheckedAgainstTheClientConfig() throws IOException {
    // openpi's ALOHA configs send {"reset_pose": [...]}: unknown keys are kept and ignored
    Map<String, Object> aloha = Map.of("reset_pose", List.of(0, -1.5, 1.5, 0, 0, 0));
    try (ReferencePolicyServer server = openpiServer(Map.of("reset_pose", aloha.get("reset_pose"),
        "chunk_interval_s", 0.02));
        PolicyStack stack = RemotePolicyStack.create(shippedConfig(server))) {
      EpisodeRecord r = run(stack, 4);

      assertThat(r.failureReason()).isEqualTo("remote_error: metadata from " + server.url()
          + " says chunk_interval_s 0.02 but the client config says 0.05 (remote policy.json field or --remote key "
          + "chunk_interval_s); make them agree or drop the client's");
    }
    try (ReferencePolicyServer server = openpiServer(aloha);
        PolicyStack stack = RemotePolicyStack.create(shippedConfig(server).withRate(20))) {
      EpisodeRecord r = run(stack, 4);
      assertThat(r.failureReason()).satisfiesAnyOf(f -> assertThat(f).isNull(), f -> assertThat(f).isEqualTo("timeout"));
      assertThat(RemotePolicyStack.client(stack).metadata().extra()).containsKey("reset_pose");
    }
  }

  @Test
  void aTracebackTextFrameBecomesItsLastLineInTheReason() throws IOException {
    // our 15-value state instead of LIBERO's 8: the policy raises, the server sends the traceback
    try (ReferencePolicyServer server = openpiServer(Map.of());
        PolicyStack stack = RemotePolicyStack.create(shippedConfig(server).withObservationKeys(Map.of("observation/image", "rgb:front", "observation/wrist_image", "rgb:wrist",
                "observation/state", "state", "prompt", "instruction")))) {
      EpisodeRecord r = run(stack, 5);

      assertThat(r.failureReason()).startsWith("remote_error: server " + server.url()
          + " sent an error and closed the connection (code 1011): IllegalArgumentException: observation/state "
          + "must hold LIBERO's 8 values").endsWith("(last line of a 4-line traceback)");
      assertThat(server.requests()).isEqualTo(1);
    }
  }
}
