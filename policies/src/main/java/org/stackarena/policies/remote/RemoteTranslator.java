package org.stackarena.policies.remote;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.Channels;
import org.stackarena.api.EpisodeAbort;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.Observations;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.TickContext;
import org.stackarena.api.policy.ActionTranslator;

/**
 * The remote policy's translator: gathers the newest observations named by the config's mapping into
 * one observation map, resizes images to the server's {@code image_size} and encodes it (msgpack); turns
 * the reply's {@code actions} into an {@link ActionChunk} (last column = gripper, columns mapped by the
 * config's {@link ActionMapping}) with the chunk interval, in the action space of the metadata the
 * client resolved (server's merged with the config's; values beyond a bound by float32 rounding only
 * are put on the bound). Malformed {@code actions} fail with
 * {@code invalid_action}; an action of the wrong length is published and rejected by the harness
 * ({@code invalid_action: ...}); an undecodable reply with {@code remote_error}.
 */
final class RemoteTranslator implements ActionTranslator<byte[], ByteBuffer> {

  private final RemotePolicyConfig config;
  private final RemotePolicyClient client;
  private final MsgpackCodec codec = new MsgpackCodec();
  private final Map<String, byte[]> rgbBuffers = new HashMap<>();
  private ActionSpace space;
  private long encodeNanos;

  RemoteTranslator(RemotePolicyConfig config, RemotePolicyClient client) {
    this.config = config;
    this.client = client;
  }

  /** Runs after the client's reset: the action space comes from the server's metadata. */
  @Override
  public void reset(EpisodeContext context) {
    RobotDescription robot = context.robot();
    space = client.metadata().actionSpace(robot.jointLower(), robot.jointUpper());
    try {
      config.actionMapping().check(space.dimension(), space.type() == ActionSpace.Type.EE_DELTA);
    } catch (IllegalArgumentException e) {
      client.drop();
      throw new EpisodeAbort("remote_error", "client config does not fit the action space "
          + ServerMetadata.wireName(space.type()) + " of policy '" + client.metadata().policyName() + "': "
          + e.getMessage());
    }
  }

  @Override
  public ActionSpace actionSpace() {
    return space;
  }

  @Override
  public byte[] processInput(TickContext ctx) {
    long t0 = System.nanoTime();
    Map<String, Object> obs = observation(ctx.channels());
    if (obs == null) {
      return null;
    }
    byte[] payload = codec.encode(obs);
    encodeNanos = System.nanoTime() - t0;
    return payload;
  }

  @Override
  public ActionChunk processOutput(TickContext ctx, ByteBuffer reply) {
    long t0 = System.nanoTime();
    ActionChunk chunk;
    try {
      chunk = chunk(MsgpackCodec.decode(reply));
    } catch (IllegalArgumentException e) {
      client.drop();
      throw new EpisodeAbort("remote_error", "malformed reply from " + config.url() + ": "
          + e.getMessage());
    }
    client.recordCodec(encodeNanos, System.nanoTime() - t0);
    return chunk;
  }

  /** The observation map for the current tick, keys in mapping order; null if something is not visible. */
  private Map<String, Object> observation(Channels ch) {
    Map<String, Object> obs = new LinkedHashMap<>();
    Proprioception p = null;
    if (config.needsProprioception()) {
      p = ch.latestOr(Observations.PROPRIOCEPTION, null);
      if (p == null) {
        return null;
      }
    }
    for (Map.Entry<String, String> e : config.observationKeys().entrySet()) {
      String source = e.getValue();
      Object value = source.equals("instruction") ? ch.latestOr(Observations.INSTRUCTION, "")
          : RemotePolicyConfig.isStateSource(source) ? stateVector(source, p) : image(ch, e.getKey(), source);
      if (value == null) {
        return null;
      }
      obs.put(e.getKey(), value);
    }
    return obs;
  }

  private Object image(Channels ch, String key, String source) {
    String camera = source.substring(source.indexOf(':') + 1);
    CameraFrame f = ch.latestOr(Observations.rgbd(camera), null);
    if (f == null) {
      return null;
    }
    ServerMetadata meta = client.metadata();
    int h = meta.imageHeight();
    int w = meta.imageWidth();
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

  /** A state source, or state sources joined with {@code +}, as one float32 vector. */
  private static NdArray stateVector(String source, Proprioception p) {
    if (source.equals("state")) {
      return NdArray.ofFloat32(state(p), 8 + p.jointPositions().length);
    }
    java.util.List<double[]> parts = new ArrayList<>();
    int n = 0;
    for (String part : source.split("\\+")) {
      double[] v = switch (part) {
        case "state" -> toDoubles(state(p));
        case "joint_positions" -> p.jointPositions();
        case "joint_velocities" -> p.jointVelocities();
        case "gripper_width" -> new double[] {p.gripperWidth()};
        case "gripper_fingers" -> new double[] {p.gripperWidth() / 2, -p.gripperWidth() / 2};
        case "ee_position" -> p.eePosition();
        case "ee_quaternion" -> p.eeQuaternion();
        case "ee_rotvec" -> {
          double[] rv = new double[3];
          org.stackarena.api.Rotations.quaternionToRotationVector(p.eeQuaternion(), rv);
          yield rv;
        }
        default -> throw new IllegalStateException("not a state source: " + part); // validated by the config
      };
      parts.add(v);
      n += v.length;
    }
    float[] out = new float[n];
    int i = 0;
    for (double[] v : parts) {
      for (double x : v) {
        out[i++] = (float) x;
      }
    }
    return NdArray.ofFloat32(out, n);
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
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

  /**
   * Moves values that lie outside the action space by no more than float32 rounding of the bound (a
   * server that clamps to 0.05 sends 0.0500000007) onto the bound; anything further out is left for the
   * harness to reject as {@code invalid_action}.
   */
  private void snapToBounds(double[] values) {
    for (int i = 0; i < Math.min(values.length, space.dimension()); i++) {
      double lo = space.low(i);
      double hi = space.high(i);
      if (values[i] > hi && values[i] - hi <= Math.ulp((float) hi)) {
        values[i] = hi;
      } else if (values[i] < lo && lo - values[i] <= Math.ulp((float) lo)) {
        values[i] = lo;
      }
    }
  }

  /** Builds the chunk from a reply; records the server's timing if present. */
  private ActionChunk chunk(Map<String, Object> reply) {
    Object timing = reply.get("server_timing");
    if (timing instanceof Map<?, ?> t && t.get("infer_ms") instanceof Number ms) {
      client.recordServerInfer(ms.doubleValue());
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
    ActionMapping mapping = config.actionMapping();
    boolean eeDelta = space.type() == ActionSpace.Type.EE_DELTA;
    for (int r = 0; r < rows; r++) {
      Action step = mapping.apply(v, r * cols, cols, eeDelta);
      snapToBounds(step.values());
      steps.add(step);
    }
    return new ActionChunk(steps, client.metadata().chunkIntervalS());
  }
}
