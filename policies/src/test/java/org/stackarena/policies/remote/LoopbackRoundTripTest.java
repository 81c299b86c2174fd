package org.stackarena.policies.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackarena.api.harness.ManualTick;
import org.stackarena.api.harness.Percentiles;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.Commands;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.Intrinsics;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.policy.PolicyStack;

/**
 * The protocol's own round-trip cost on localhost: 500 requests of a 96x96 RGB image, a 15-value
 * state and a prompt to a hold-still server (no model work), after 100 warm-up requests.
 * Figures go to {@code policies/target/remote-rtt.txt}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopbackRoundTripTest {

  private static final int WARMUP = 100;
  private static final int REQUESTS = 500;

  @Test
  void fiveHundredRequestsWithA96x96ImageAndStateRoundTripAndTheirTimesAreRecorded() throws Exception {
    Map<String, String> mapping = new LinkedHashMap<>();
    mapping.put("observation/image", "rgb:front");
    mapping.put("observation/state", "state");
    mapping.put("prompt", "instruction");
    ServerMetadata meta = ReferencePolicyServer.referenceMetadata("reference-hold", 10);
    try (ReferencePolicyServer server = ReferencePolicyServer.builder().optPort(0)
        .optMetadata(meta).optPolicy(ReferencePolicyServer.holdStill(10)).build().start();
        PolicyStack stack = RemotePolicyStack.create(
            RemotePolicyConfig.of(server.url().toString()).withObservationKeys(mapping))) {
      RobotDescription robot = new RobotDescription("arm7", List.of("j1", "j2", "j3", "j4", "j5",
          "j6", "j7"), new double[7], new double[7], new double[7], 0.08);
      stack.reset(new EpisodeContext("reach", "lab", 1, "reach the red cube", robot, 0.002, 10));
      Ticks tick = new Ticks(stack.loops().get(0), new Random(11));
      for (int i = 0; i < WARMUP; i++) {
        stack.tick(RemotePolicyStack.LOOP, tick.next());
      }
      RemotePolicyStack.client(stack).clearRoundTrips();
      for (int i = 0; i < REQUESTS; i++) {
        stack.tick(RemotePolicyStack.LOOP, tick.next());
      }
      RoundTripStats s = RemotePolicyStack.client(stack).roundTrips();

      assertThat(s.requests()).isEqualTo(REQUESTS);
      assertThat(server.requests()).isEqualTo(WARMUP + REQUESTS);
      assertThat(tick.published()).isInstanceOf(ActionChunk.class);
      assertThat(((ActionChunk) tick.published()).steps()).hasSize(10);
      // The figures are measured, not asserted (this machine is shared): only that they are computed.
      assertThat(s.roundTripMs().p50()).isPositive();
      assertThat(s.roundTripMs().p99()).isGreaterThanOrEqualTo(s.roundTripMs().p50());
      assertThat(s.roundTripMs().max()).isGreaterThanOrEqualTo(s.roundTripMs().p99());
      assertThat(s.serverInferMs().p50()).isGreaterThanOrEqualTo(0.0);

      int payload = new MsgpackCodec().encode(Map.of(
          "observation/image", NdArray.ofUint8(new byte[96 * 96 * 3], 96, 96, 3),
          "observation/state", NdArray.ofFloat32(new float[15], 15),
          "prompt", "reach the red cube")).length;
      Files.writeString(targetDir().resolve("remote-rtt.txt"), String.format(Locale.ROOT,
          "requests=%d payload_bytes=%d%n%s%n%s%n%s%n%s%n", s.requests(), payload,
          line("round_trip_ms", s.roundTripMs()), line("server_infer_ms", s.serverInferMs()),
          line("client_encode_ms", s.encodeMs()), line("client_decode_ms", s.decodeMs())),
          StandardCharsets.UTF_8);
    }
  }

  /**
   * This module's {@code target/} (the parent of the compiled test classes), so the figures land
   * there whatever the working directory; the temporary directory outside a Maven build.
   */
  static Path targetDir() throws Exception {
    Path classes = Path.of(LoopbackRoundTripTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path parent = classes.getParent();
    return parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("target")
        ? parent : Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "stackarena"));
  }

  private static String line(String name, Percentiles p) {
    return String.format(Locale.ROOT, "%s p50=%.3f p99=%.3f max=%.3f", name, p.p50(), p.p99(),
        p.max());
  }

  /** A minimal harness stand-in: fresh observations every tick (10 Hz). */
  private static final class Ticks {
    private final LoopSpec loop;
    private final Random random;
    private final ManualTick tick = new ManualTick();
    private long index = -1;

    Ticks(LoopSpec loop, Random random) {
      this.loop = loop;
      this.random = random;
    }

    ManualTick next() {
      index++;
      long t = index * 100_000;
      byte[] rgb = new byte[96 * 96 * 3];
      random.nextBytes(rgb);
      double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
      tick.put(Observations.rgbd("front"), new CameraFrame("front", 96, 96, rgb,
          new float[96 * 96], new Intrinsics(80, 80, 48, 48), new double[3], identity, t));
      double[] q = new double[7];
      for (int i = 0; i < 7; i++) {
        q[i] = random.nextGaussian();
      }
      tick.put(Observations.PROPRIOCEPTION, new Proprioception(q, new double[7], 0.08,
          new double[] {0.4, 0.0, 0.3}, new double[] {1, 0, 0, 0}, t));
      tick.put(Observations.INSTRUCTION, "reach the red cube");
      return tick.at(loop, t);
    }

    /** What the last tick published on the action channel, or null. */
    Object published() {
      return tick.published(Commands.ACTION);
    }
  }
}
