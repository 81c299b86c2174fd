package org.stackarena.policies.remote;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.stackarena.api.ActionSpace;

/**
 * What is known about a served policy's interface from one side, every field possibly absent (null):
 * what a server's metadata map says (a stock openpi server often sends {@code {}}), or what the client
 * declares in its config (remote {@code policy.json}, properties, {@code --remote}). {@link #resolve}
 * merges the two into the {@link ServerMetadata} the client runs with: a field given on one side is
 * used, a field given on both must agree, and a required field given on neither ({@code action_space})
 * is an error that says where to set it.
 *
 * @param policyName name of the served policy
 * @param actionType what the value columns mean
 * @param low lower bounds per value column (null: none given)
 * @param high upper bounds, null exactly when {@code low} is
 * @param chunkSize actions per reply (informational)
 * @param chunkIntervalS seconds between the actions of a chunk
 * @param imageSize [height, width] images are resized to
 * @param cameraKeys observation keys holding images the policy needs
 * @param stateKeys observation keys holding state vectors the policy needs
 * @param extra other keys of a server's map (empty for a client's)
 */
public record MetadataSpec(String policyName, ActionSpace.Type actionType, double[] low, double[] high,
    Integer chunkSize, Double chunkIntervalS, int[] imageSize, List<String> cameraKeys, List<String> stateKeys,
    Map<String, Object> extra) {

  /** Nothing known. */
  public static final MetadataSpec NONE = new MetadataSpec(null, null, null, null, null, null, null, null, null,
      null);

  /** Where a client sets these fields, for messages. */
  public static final String CLIENT_HINT = "remote policy.json field or --remote key";

  /** Wire keys this record reads; everything else goes to {@link #extra}. */
  static final List<String> KEYS = List.of("policy_name", "action_space", "chunk_size", "chunk_interval_s",
      "image_size", "camera_keys", "state_keys");

  /** Checks what is present; copies arrays and collections. */
  public MetadataSpec {
    if ((low == null) != (high == null)) {
      throw new IllegalArgumentException("action_space needs both low and high, or neither");
    }
    if (low != null) {
      if (actionType == null) {
        throw new IllegalArgumentException("action_space bounds need an action_space type");
      }
      new ActionSpace(actionType, low, high); // validates sizes and order
      low = low.clone();
      high = high.clone();
    }
    if (chunkSize != null && chunkSize < 1) {
      throw new IllegalArgumentException("chunk_size must be >= 1, got " + chunkSize);
    }
    if (chunkIntervalS != null && (!(chunkIntervalS > 0) || !Double.isFinite(chunkIntervalS))) {
      throw new IllegalArgumentException("chunk_interval_s must be positive, got " + chunkIntervalS);
    }
    if (imageSize != null && (imageSize.length != 2 || imageSize[0] < 1 || imageSize[1] < 1)) {
      throw new IllegalArgumentException("image_size must be [height, width], both >= 1, got "
          + Arrays.toString(imageSize));
    }
    imageSize = imageSize == null ? null : imageSize.clone();
    cameraKeys = cameraKeys == null ? null : List.copyOf(cameraKeys);
    stateKeys = stateKeys == null ? null : List.copyOf(stateKeys);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** True if nothing is given. */
  public boolean isEmpty() {
    return policyName == null && actionType == null && chunkSize == null && chunkIntervalS == null
        && imageSize == null && cameraKeys == null && stateKeys == null;
  }

  /** This spec with another policy name. */
  public MetadataSpec withPolicyName(String name) {
    return new MetadataSpec(name, actionType, low, high, chunkSize, chunkIntervalS, imageSize, cameraKeys,
        stateKeys, extra);
  }

  /** This spec with another action space (bounds may be null). */
  public MetadataSpec withActionSpace(ActionSpace.Type type, double[] lo, double[] hi) {
    return new MetadataSpec(policyName, type, lo, hi, chunkSize, chunkIntervalS, imageSize, cameraKeys,
        stateKeys, extra);
  }

  /** This spec with another chunk size. */
  public MetadataSpec withChunkSize(Integer n) {
    return new MetadataSpec(policyName, actionType, low, high, n, chunkIntervalS, imageSize, cameraKeys,
        stateKeys, extra);
  }

  /** This spec with another chunk interval. */
  public MetadataSpec withChunkIntervalS(Double s) {
    return new MetadataSpec(policyName, actionType, low, high, chunkSize, s, imageSize, cameraKeys, stateKeys,
        extra);
  }

  /** This spec with another image size ([height, width]). */
  public MetadataSpec withImageSize(int[] hw) {
    return new MetadataSpec(policyName, actionType, low, high, chunkSize, chunkIntervalS, hw, cameraKeys,
        stateKeys, extra);
  }

  /** This spec with other camera keys. */
  public MetadataSpec withCameraKeys(List<String> keys) {
    return new MetadataSpec(policyName, actionType, low, high, chunkSize, chunkIntervalS, imageSize, keys,
        stateKeys, extra);
  }

  /** This spec with other state keys. */
  public MetadataSpec withStateKeys(List<String> keys) {
    return new MetadataSpec(policyName, actionType, low, high, chunkSize, chunkIntervalS, imageSize, cameraKeys,
        keys, extra);
  }

  /**
   * Reads a server's metadata map: absent keys stay null; a present key of the wrong form is an error.
   * {@code action_space} may be a map ({@code type}, {@code low}, {@code high}) or just the type's
   * name (as RoboArena's servers send it).
   *
   * @throws IllegalArgumentException naming the malformed key
   */
  public static MetadataSpec fromWire(Map<String, Object> m) {
    ActionSpace.Type type = null;
    double[] low = null;
    double[] high = null;
    Object spaceObj = m.get("action_space");
    if (spaceObj instanceof String s) {
      type = parseType(s, "action_space");
    } else if (spaceObj instanceof Map<?, ?> space) {
      type = parseType(string(space.get("type"), "action_space.type"), "action_space.type");
      low = space.get("low") == null ? null : numbers(space.get("low"), "action_space.low");
      high = space.get("high") == null ? null : numbers(space.get("high"), "action_space.high");
    } else if (spaceObj != null) {
      throw new IllegalArgumentException("action_space must be a map {type, low, high} or a type name, got "
          + spaceObj);
    }
    int[] size = null;
    if (m.get("image_size") != null) {
      double[] d = numbers(m.get("image_size"), "image_size");
      if (d.length != 2) {
        throw new IllegalArgumentException("image_size must be [height, width], got " + d.length + " numbers");
      }
      size = new int[] {(int) d[0], (int) d[1]};
    }
    Map<String, Object> extra = new LinkedHashMap<>(m);
    KEYS.forEach(extra::remove);
    extra.values().removeIf(Objects::isNull);
    return new MetadataSpec(
        m.get("policy_name") == null ? null : string(m.get("policy_name"), "policy_name"),
        type, low, high,
        m.get("chunk_size") == null ? null : (int) number(m.get("chunk_size"), "chunk_size"),
        m.get("chunk_interval_s") == null ? null : number(m.get("chunk_interval_s"), "chunk_interval_s"),
        size,
        m.get("camera_keys") == null ? null : strings(m.get("camera_keys"), "camera_keys"),
        m.get("state_keys") == null ? null : strings(m.get("state_keys"), "state_keys"),
        extra);
  }

  /**
   * The metadata to run with: this (the server's) merged with what the client declares.
   *
   * @param client what the client's config declares
   * @param hint where the client's fields are set, for messages (e.g. "policy.json field")
   * @throws IllegalArgumentException one line: a field the two sides disagree on, or a required one
   *     neither gives
   */
  public ServerMetadata resolve(MetadataSpec client, String hint) {
    ActionSpace.Type type = agree("action_space.type", actionType, client.actionType, hint);
    if (type == null) {
      throw new IllegalArgumentException("metadata lacks action_space; set action_space client side (" + hint
          + " action_space, e.g. {\"type\": \"ee_delta\", \"low\": [..], \"high\": [..]})");
    }
    double[] lo = agreeArrays("action_space.low", low, client.low, hint);
    double[] hi = agreeArrays("action_space.high", high, client.high, hint);
    if (lo == null && type != ActionSpace.Type.JOINT_POSITION) {
      throw new IllegalArgumentException("metadata lacks the bounds of action_space " + ServerMetadata.wireName(type)
          + "; set them client side (" + hint + " action_space.low and action_space.high)");
    }
    Integer chunk = agree("chunk_size", chunkSize, client.chunkSize, hint);
    Double interval = agree("chunk_interval_s", chunkIntervalS, client.chunkIntervalS, hint);
    int[] size = agreeInts("image_size", imageSize, client.imageSize, hint);
    List<String> cams = agree("camera_keys", cameraKeys, client.cameraKeys, hint);
    List<String> states = agree("state_keys", stateKeys, client.stateKeys, hint);
    String name = policyName != null ? policyName : client.policyName != null ? client.policyName : "unnamed";
    return new ServerMetadata(name, type, lo, hi, chunk == null ? 1 : chunk,
        interval == null ? ServerMetadata.DEFAULT_CHUNK_INTERVAL_S : interval,
        size == null ? ServerMetadata.DEFAULT_IMAGE_SIZE : size[0],
        size == null ? ServerMetadata.DEFAULT_IMAGE_SIZE : size[1],
        cams == null ? List.of() : cams, states == null ? List.of() : states, extra);
  }

  private static <T> T agree(String key, T server, T client, String hint) {
    if (server != null && client != null && !server.equals(client)) {
      throw mismatch(key, show(server), show(client), hint);
    }
    return server != null ? server : client;
  }

  private static double[] agreeArrays(String key, double[] server, double[] client, String hint) {
    if (server != null && client != null) {
      boolean same = server.length == client.length;
      for (int i = 0; same && i < server.length; i++) {
        // float32 on the wire: equal to float precision
        same = Math.abs(server[i] - client[i]) <= 1e-6 * Math.max(1, Math.abs(client[i]));
      }
      if (!same) {
        throw mismatch(key, Arrays.toString(server), Arrays.toString(client), hint);
      }
    }
    return server != null ? server : client;
  }

  private static int[] agreeInts(String key, int[] server, int[] client, String hint) {
    if (server != null && client != null && !Arrays.equals(server, client)) {
      throw mismatch(key, Arrays.toString(server), Arrays.toString(client), hint);
    }
    return server != null ? server : client;
  }

  private static IllegalArgumentException mismatch(String key, String server, String client, String hint) {
    return new IllegalArgumentException("metadata says " + key + " " + server + " but the client config says "
        + client + " (" + hint + " " + key + "); make them agree or drop the client's");
  }

  private static String show(Object o) {
    return o instanceof ActionSpace.Type t ? ServerMetadata.wireName(t) : String.valueOf(o);
  }

  /** Parses an action type's wire name ({@code ee_delta}, ...). */
  static ActionSpace.Type parseType(String s, String key) {
    try {
      return ActionSpace.Type.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " '" + s + "' is not one of ee_delta, ee_pose, joint_position");
    }
  }

  private static String string(Object o, String key) {
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException(key + " must be a string, got " + o);
    }
    return s;
  }

  private static double number(Object o, String key) {
    if (!(o instanceof Number n)) {
      throw new IllegalArgumentException(key + " must be a number, got " + o);
    }
    return n.doubleValue();
  }

  private static double[] numbers(Object o, String key) {
    if (o instanceof NdArray a) {
      return a.toDoubles();
    }
    if (!(o instanceof List<?> list)) {
      throw new IllegalArgumentException(key + " must be an array of numbers, got " + o);
    }
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(list.get(i), key + "[" + i + "]");
    }
    return out;
  }

  private static List<String> strings(Object o, String key) {
    if (!(o instanceof List<?> list)) {
      throw new IllegalArgumentException(key + " must be an array of strings, got " + o);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(string(list.get(i), key + "[" + i + "]"));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetadataSpec s && Objects.equals(policyName, s.policyName) && actionType == s.actionType
        && Arrays.equals(low, s.low) && Arrays.equals(high, s.high) && Objects.equals(chunkSize, s.chunkSize)
        && Objects.equals(chunkIntervalS, s.chunkIntervalS) && Arrays.equals(imageSize, s.imageSize)
        && Objects.equals(cameraKeys, s.cameraKeys) && Objects.equals(stateKeys, s.stateKeys)
        && extra.equals(s.extra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(policyName, actionType, Arrays.hashCode(low), Arrays.hashCode(high), chunkSize,
        chunkIntervalS, Arrays.hashCode(imageSize), cameraKeys, stateKeys, extra);
  }
}
