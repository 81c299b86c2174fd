package org.stackarena.policies.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.LoopRecord;
import org.stackarena.api.policy.PolicyStack;

/** End to end: MuJoCo reach episodes through the harness against a loopback policy server. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RemoteEpisodeTest {

  private static ScenarioWorld world;

  @BeforeAll
  static void buildWorld() {
    world = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), "arm7",
        ConditionLoader.load("lab"), 64, 64);
  }

  @AfterAll
  static void closeWorld() {
    world.close();
  }

  private static EpisodeRecord run(PolicyStack stack, long seed) {
    return new EpisodeRunner().run(EpisodeSpec.of("reach", "arm7", seed, "lab", "remote"), world,
        stack);
  }

  @Test
  void anEpisodeRunsAgainstTheReferenceServerAndTheRecordShowsTheLoopRate() {
    try (ReferencePolicyServer server = ReferencePolicyServer.builder().optPort(0).build().start();
        PolicyStack stack = RemotePolicyStack.create(
            RemotePolicyConfig.of(server.url().toString()).withRate(10))) {
      EpisodeRecord r = run(stack, 3);

      assertThat(r.failureReason()).satisfiesAnyOf(
          f -> assertThat(f).isNull(), f -> assertThat(f).isEqualTo("timeout"));
      LoopRecord loop = r.loops().get(RemotePolicyStack.LOOP);
      assertThat(loop.latencyModel()).isEqualTo("measured");
      assertThat(loop.ticks()).isEqualTo(server.requests()).isGreaterThan(10);
      // Localhost round trips are far below the 100 ms period: nearly every deadline is met.
      assertThat(loop.achievedHz()).isBetween(8.0, 10.5);
      assertThat(loop.wallPhasesMs().infer()).isPositive();
      assertThat(loop.modelledLatencyMs().p50()).isPositive();
      assertThat(RemotePolicyStack.client(stack).metadata().policyName()).isEqualTo("reference-reach");
      RoundTripStats rt = RemotePolicyStack.client(stack).roundTrips();
      assertThat(rt.requests()).isEqualTo(loop.ticks());
      assertThat(rt.roundTripMs().p99()).isGreaterThanOrEqualTo(rt.roundTripMs().p50())
          .isPositive();
      assertThat(rt.serverInferMs().max()).isLessThan(rt.roundTripMs().max());
      assertThat(r.eePathLengthM()).as("the reach policy moves the arm").isGreaterThan(0.01);
    }
  }

  @Test
  void aServerThatDiesFailsThatEpisodeAndTheNextEpisodeReconnectsToAFreshServer() {
    ReferencePolicyServer first = ReferencePolicyServer.builder().optPort(0).build().start();
    int port = first.port();
    try (PolicyStack stack = RemotePolicyStack.create(
        RemotePolicyConfig.of(first.url().toString()).withTimeoutMs(2000))) {
      first.dieAfter(5);
      EpisodeRecord died = run(stack, 4);
      assertThat(died.success()).isFalse();
      assertThat(died.failureReason()).startsWith("remote_disconnected: server " + first.url()
          + " closed the connection");
      // The record counts completed ticks: five answered, the sixth found the server gone.
      assertThat(died.loops().get(RemotePolicyStack.LOOP).ticks()).isEqualTo(5);
      assertThat(first.requests()).isEqualTo(6);
      first.close();

      try (ReferencePolicyServer fresh = ReferencePolicyServer.builder().optPort(port).build()
          .start()) {
        EpisodeRecord next = run(stack, 4);
        assertThat(next.failureReason()).satisfiesAnyOf(
            f -> assertThat(f).isNull(), f -> assertThat(f).isEqualTo("timeout"));
        assertThat(fresh.requests()).isEqualTo(next.loops().get(RemotePolicyStack.LOOP).ticks())
            .isGreaterThan(10);
      }
    } finally {
      first.close();
    }
  }

  @Test
  void wrongActionDimensionsFailWithInvalidAction() {
    ReferencePolicyServer.Policy eightColumns =
        obs -> NdArray.ofFloat32(new float[10 * 8], 10, 8); // 7 values + gripper for a 6-D space
    try (ReferencePolicyServer server = ReferencePolicyServer.builder().optPort(0)
        .optPolicy(eightColumns).build().start();
        PolicyStack stack = RemotePolicyStack.create(
            RemotePolicyConfig.of(server.url().toString()))) {
      EpisodeRecord r = run(stack, 5);
      assertThat(r.failureReason()).startsWith("invalid_action")
          .contains("EE_DELTA expects 6 values, got 7");
      assertThat(r.simTimeS()).isLessThan(0.5);
    }
  }

  @Test
  void aSlowReplyFailsWithRemoteTimeout() {
    try (ReferencePolicyServer server = ReferencePolicyServer.builder().optPort(0)
        .optReplyDelayMs(1500).build().start();
        PolicyStack stack = RemotePolicyStack.create(
            RemotePolicyConfig.of(server.url().toString()).withTimeoutMs(200))) {
      long t0 = System.nanoTime();
      EpisodeRecord r = run(stack, 6);
      assertThat(r.failureReason()).isEqualTo("remote_timeout: no reply from " + server.url() + " within 200 ms");
      assertThat(r.loops().get(RemotePolicyStack.LOOP).ticks()).isZero(); // the first one timed out
      assertThat(server.requests()).isEqualTo(1);
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
    }
  }

  @Test
  void aPolicyErrorSentAsTextFailsWithRemoteError() {
    ReferencePolicyServer.Policy broken = obs -> {
      throw new IllegalStateException("CUDA out of memory");
    };
    try (ReferencePolicyServer server = ReferencePolicyServer.builder().optPort(0)
        .optPolicy(broken).build().start();
        PolicyStack stack = RemotePolicyStack.create(
            RemotePolicyConfig.of(server.url().toString()))) {
      EpisodeRecord r = run(stack, 7);
      assertThat(r.failureReason()).isEqualTo("remote_error: server " + server.url() + " sent an error and closed "
          + "the connection (code 1011): java.lang.IllegalStateException: CUDA out of memory");
      assertThat(r.simTimeS()).isLessThan(0.1);
    }
  }

  @Test
  void noServerFailsTheEpisodeAsUnreachable() {
    int port;
    try (ReferencePolicyServer s = ReferencePolicyServer.builder().optPort(0).build().start()) {
      port = s.port();
    }
    try (PolicyStack stack = RemotePolicyStack.create(
        RemotePolicyConfig.of("ws://127.0.0.1:" + port).withTimeoutMs(1000))) {
      EpisodeRecord r = run(stack, 8);
      assertThat(r.failureReason()).startsWith("remote_unreachable: cannot connect to ws://127.0.0.1:" + port
          + " within 1000 ms");
    }
  }
}
