package org.stackarena.policies.remote;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stackarena.api.harness.Percentiles;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Channels;
import org.stackarena.api.Commands;
import org.stackarena.api.ControlStack;
import org.stackarena.api.EpisodeAbort;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.Phase;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.TickContext;

/**
 * A client stack that benchmarks a policy served by another process (protocol:
 * {@code policies/REMOTE_PROTOCOL.md}).
 *
 * <p>One loop, {@value #LOOP}, at {@link RemotePolicyConfig#rateHz()}: it gathers the newest
 * observations named by the config's mapping, sends them as one observation map, waits for the
 * reply and publishes its {@code actions} as an {@link ActionChunk} (last column = gripper) with
 * the server's chunk interval. Requests are synchronous, so with the default {@code measured}
 * latency the round trip becomes the modelled latency and the loop skips deadlines while a
 * request is outstanding, as a real client would. Phases: preprocess = gather, resize and
 * encode; infer = the round trip; postprocess = decode and build the chunk.
 *
 * <p>Connections: {@link #reset} connects if there is no open connection and reads the server's
 * metadata, from which the action space comes. A refused connection, a drop, a reply slower than
 * {@link RemotePolicyConfig#timeoutMs()} or a text (error) frame fails that episode through
 * {@link EpisodeAbort} ({@code remote_unreachable}, {@code remote_disconnected},
 * {@code remote_timeout}, {@code remote_error}) and closes the connection, so the next episode
 * starts on a fresh one. Malformed {@code actions} fail with {@code invalid_action}; an action of
 * the wrong length is published and rejected by the harness ({@code invalid_action: ...}).
 *
 * <p>Not thread-safe: the harness calls it from one thread. {@link #roundTrips()} may be read
 * between episodes.
 */
public final class RemotePolicyStack implements ControlStack {

  /** Name of the stack's only loop. */
  public static final String LOOP = "remote";

  private static final int MAX_SAMPLES = 100_000;

  private final RemotePolicyConfig config;
  private final LoopSpec loop;
  private final MsgpackCodec codec = new MsgpackCodec();
  private final Map<String, byte[]> rgbBuffers = new HashMap<>();
  private final Samples rtt = new Samples();
  private final Samples serverInfer = new Samples();
  private final Samples encode = new Samples();
  private final Samples decode = new Samples();
  private PolicyConnection connection;
  private ServerMetadata metadata;
  private ActionSpace space;

  /** A stack configured by {@code config}; it connects on the first {@link #reset}. */
  public RemotePolicyStack(RemotePolicyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    LoopSpec.Builder b = LoopSpec.builder(LOOP, config.rateHz()).optLatency(config.latency())
        .writes(Commands.ACTION);
    if (config.needsProprioception()) {
      b.reads(Observations.PROPRIOCEPTION);
    }
    for (String camera : config.cameras()) {
      b.reads(Observations.rgbd(camera));
    }
    if (config.needsInstruction()) {
      b.reads(Observations.INSTRUCTION);
    }
    this.loop = b.build();
  }

  @Override
  public String name() {
    return "remote";
  }

  @Override
  public List<LoopSpec> loops() {
    return List.of(loop);
  }

  /** The configuration. */
  public RemotePolicyConfig config() {
    return config;
  }

  /** The metadata of the current connection, or null before the first successful reset. */
  public ServerMetadata metadata() {
    return metadata;
  }

  @Override
  public void reset(EpisodeContext context) {
    if (connection == null || !connection.isOpen()) {
      dropConnection();
      connection = PolicyConnection.open(config.url(), config.timeoutMs());
      try {
        metadata = ServerMetadata.fromMap(connection.metadata());
      } catch (IllegalArgumentException e) {
        dropConnection();
        throw new EpisodeAbort("remote_error", "bad metadata from " + config.url() + ": "
            + e.getMessage());
      }
      List<String> missing = new ArrayList<>();
      for (String k : metadata.cameraKeys()) {
        if (!config.observationKeys().containsKey(k)) {
          missing.add(k);
        }
      }
      for (String k : metadata.stateKeys()) {
        if (!config.observationKeys().containsKey(k)) {
          missing.add(k);
        }
      }
      if (!missing.isEmpty()) {
        dropConnection();
        throw new EpisodeAbort("remote_error", "policy '" + metadata.policyName()
            + "' reads observation keys " + missing + " that the mapping "
            + config.observationKeys().keySet() + " lacks; add obs.<key>=<source> to the config");
      }
    }
    RobotDescription robot = context.robot();
    space = metadata.actionSpace(robot.jointLower(), robot.jointUpper());
  }

  @Override
  public ActionSpace actionSpace() {
    if (space == null) {
      throw new IllegalStateException("remote: actionSpace() called before a successful reset()");
    }
    return space;
  }

  @Override
  public void tick(String loopName, TickContext context) {
    if (connection == null) {
      throw new IllegalStateException("remote: tick() before a successful reset()");
    }
    long t0 = System.nanoTime();
    byte[] payload = codec.encode(observation(context.channels()));
    long t1 = System.nanoTime();
    context.phases().record(Phase.PREPROCESS, t1 - t0);
    ByteBuffer reply;
    try {
      reply = connection.request(payload, config.timeoutMs());
    } catch (EpisodeAbort e) {
      dropConnection();
      throw e;
    }
    long t2 = System.nanoTime();
    context.phases().record(Phase.INFER, t2 - t1);
    ActionChunk chunk;
    try {
      chunk = chunk(MsgpackCodec.decode(reply));
    } catch (IllegalArgumentException e) {
      dropConnection();
      throw new EpisodeAbort("remote_error", "malformed reply from " + config.url() + ": "
          + e.getMessage());
    }
    context.channels().publish(Commands.ACTION, chunk);
    long t3 = System.nanoTime();
    context.phases().record(Phase.POSTPROCESS, t3 - t2);
    encode.add((t1 - t0) / 1e6);
    rtt.add((t2 - t1) / 1e6);
    decode.add((t3 - t2) / 1e6);
  }

  /**
   * Timings of every request since construction or {@link #clearRoundTrips()} (the newest
   * 100,000).
   */
  public RoundTripStats roundTrips() {
    return new RoundTripStats(rtt.count, rtt.percentiles(), serverInfer.percentiles(),
        encode.percentiles(), decode.percentiles());
  }

  /** Forgets all timings. */
  public void clearRoundTrips() {
    rtt.clear();
    serverInfer.clear();
    encode.clear();
    decode.clear();
  }

  /** Closes the connection; the next {@link #reset} reconnects. Idempotent. */
  @Override
  public void close() {
    dropConnection();
  }

  private void dropConnection() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  /** The observation map for the current tick, keys in mapping order. */
  private Map<String, Object> observation(Channels ch) {
    Map<String, Object> obs = new LinkedHashMap<>();
    Proprioception p = null;
    if (config.needsProprioception()) {
      p = ch.latest(Observations.PROPRIOCEPTION).orElseThrow(
          () -> new IllegalStateException("remote: no proprioception visible"));
    }
    for (Map.Entry<String, String> e : config.observationKeys().entrySet()) {
      String source = e.getValue();
      Object value = switch (source) {
        case "instruction" -> ch.latestOr(Observations.INSTRUCTION, "");
        case "state" -> NdArray.ofFloat32(state(p), 8 + p.jointPositions().length);
        case "joint_positions" -> vector(p.jointPositions());
        case "joint_velocities" -> vector(p.jointVelocities());
        case "gripper_width" -> vector(new double[] {p.gripperWidth()});
        case "ee_position" -> vector(p.eePosition());
        case "ee_quaternion" -> vector(p.eeQuaternion());
        default -> image(ch, e.getKey(), source);
      };
      obs.put(e.getKey(), value);
    }
    return obs;
  }

  private Object image(Channels ch, String key, String source) {
    int colon = source.indexOf(':');
    String camera = source.substring(colon + 1);
    ChannelKey<CameraFrame> channel = Observations.rgbd(camera);
    CameraFrame f = ch.latest(channel).orElseThrow(
        () -> new IllegalStateException("remote: no frame from camera '" + camera + "' visible"));
    int h = metadata.imageHeight();
    int w = metadata.imageWidth();
    if (source.startsWith("depth:")) {
      return NdArray.ofFloat32(ImageResize.nearest(f.depth(), f.width(), f.height(), w, h), h, w);
    }
    if (f.width() == w && f.height() == h) {
      return NdArray.ofUint8(f.rgb(), h, w, 3);
    }
    byte[] out = rgbBuffers.computeIfAbsent(key + "@" + w + "x" + h, k -> new byte[w * h * 3]);
    ImageResize.bilinearRgb(f.rgb(), f.width(), f.height(), out, w, h);
    return NdArray.ofUint8(out, h, w, 3);
  }

  /** The state vector: joint positions, gripper width, ee position, ee quaternion (w,x,y,z). */
  static float[] state(Proprioception p) {
    int n = p.jointPositions().length;
    float[] s = new float[n + 8];
    for (int i = 0; i < n; i++) {
      s[i] = (float) p.jointPositions()[i];
    }
    s[n] = (float) p.gripperWidth();
    for (int i = 0; i < 3; i++) {
      s[n + 1 + i] = (float) p.eePosition()[i];
    }
    for (int i = 0; i < 4; i++) {
      s[n + 4 + i] = (float) p.eeQuaternion()[i];
    }
    return s;
  }

  private static NdArray vector(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return NdArray.ofFloat32(f, f.length);
  }

  /** Builds the chunk from a reply; records the server's timing if present. */
  private ActionChunk chunk(Map<String, Object> reply) {
    Object timing = reply.get("server_timing");
    if (timing instanceof Map<?, ?> t && t.get("infer_ms") instanceof Number ms) {
      serverInfer.add(ms.doubleValue());
    }
    Object a = reply.get("actions");
    if (!(a instanceof NdArray actions)) {
      throw new EpisodeAbort("invalid_action", "reply from " + config.url()
          + " has no 'actions' ndarray (keys: " + reply.keySet() + ")");
    }
    int rows;
    int cols;
    if (actions.rank() == 2) {
      rows = actions.dim(0);
      cols = actions.dim(1);
    } else if (actions.rank() == 1) {
      rows = 1;
      cols = actions.dim(0);
    } else {
      throw new EpisodeAbort("invalid_action", "'actions' has shape "
          + Arrays.toString(actions.shape()) + "; expected [chunk, action_dim + 1]");
    }
    if (rows < 1 || cols < 2) {
      throw new EpisodeAbort("invalid_action", "'actions' has shape "
          + Arrays.toString(actions.shape()) + "; expected at least one row of "
          + (space.dimension() + 1) + " values (" + space.dimension() + " + gripper)");
    }
    double[] v = actions.toDoubles();
    List<Action> steps = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      steps.add(new Action(Arrays.copyOfRange(v, r * cols, r * cols + cols - 1),
          v[r * cols + cols - 1]));
    }
    return new ActionChunk(steps, metadata.chunkIntervalS());
  }

  /** A bounded sample of millisecond timings. */
  private static final class Samples {
    private final double[] values = new double[MAX_SAMPLES];
    private long count;

    void add(double ms) {
      values[(int) (count % MAX_SAMPLES)] = ms;
      count++;
    }

    void clear() {
      count = 0;
    }

    Percentiles percentiles() {
      return Percentiles.ofSorting(Arrays.copyOf(values, (int) Math.min(count, MAX_SAMPLES)));
    }
  }
}
