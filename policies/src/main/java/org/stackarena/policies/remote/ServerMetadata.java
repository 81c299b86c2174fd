package org.stackarena.policies.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.stackarena.api.ActionSpace;

/**
 * The map a policy server sends first on every connection (see {@code REMOTE_PROTOCOL.md}).
 *
 * <p>Wire keys: {@code policy_name} (str), {@code action_space} ({@code {"type":
 * "ee_delta"|"ee_pose"|"joint_position", "low": [..], "high": [..]}}; bounds may be omitted for
 * {@code joint_position}, meaning the robot's joint limits), {@code chunk_size} (int),
 * {@code chunk_interval_s} (float), {@code image_size} ([height, width]), {@code camera_keys}
 * and {@code state_keys} (arrays of observation keys the policy reads). Unknown keys are kept
 * in {@link #extra()} and ignored.
 *
 * @param policyName name of the served policy, for results and logs
 * @param actionType what the action columns before the gripper column mean
 * @param low lower bounds per action dimension, or null to use the robot's joint limits
 *     (joint_position only)
 * @param high upper bounds, same rule
 * @param chunkSize actions per reply the server intends to send (informational; replies may
 *     differ)
 * @param chunkIntervalS seconds between consecutive actions of a chunk, positive
 * @param imageHeight height the client resizes images to
 * @param imageWidth width the client resizes images to
 * @param cameraKeys observation keys holding images the policy needs
 * @param stateKeys observation keys holding state vectors the policy needs
 * @param extra any other keys the server sent
 */
public record ServerMetadata(String policyName, ActionSpace.Type actionType, double[] low,
    double[] high, int chunkSize, double chunkIntervalS, int imageHeight, int imageWidth,
    List<String> cameraKeys, List<String> stateKeys, Map<String, Object> extra) {

  /** Validates sizes and bounds; copies collections. */
  public ServerMetadata {
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(actionType, "actionType");
    if ((low == null) != (high == null)) {
      throw new IllegalArgumentException("action_space needs both low and high, or neither");
    }
    if (low == null && actionType != ActionSpace.Type.JOINT_POSITION) {
      throw new IllegalArgumentException("action_space of type " + wireName(actionType)
          + " needs low and high bounds");
    }
    if (low != null) {
      new ActionSpace(actionType, low, high); // validates
      low = low.clone();
      high = high.clone();
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk_size must be >= 1, got " + chunkSize);
    }
    if (!(chunkIntervalS > 0) || !Double.isFinite(chunkIntervalS)) {
      throw new IllegalArgumentException("chunk_interval_s must be positive, got "
          + chunkIntervalS);
    }
    if (imageHeight < 1 || imageWidth < 1) {
      throw new IllegalArgumentException("image_size must be positive, got [" + imageHeight
          + ", " + imageWidth + "]");
    }
    cameraKeys = List.copyOf(cameraKeys);
    stateKeys = List.copyOf(stateKeys);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /**
   * The action space for a robot with the given joint limits: the declared bounds, or the joint
   * limits when the server declared none.
   */
  public ActionSpace actionSpace(double[] jointLower, double[] jointUpper) {
    return low == null ? ActionSpace.jointPosition(jointLower, jointUpper)
        : new ActionSpace(actionType, low, high);
  }

  /** The wire form of this metadata. */
  public Map<String, Object> toMap() {
    Map<String, Object> space = new LinkedHashMap<>();
    space.put("type", wireName(actionType));
    if (low != null) {
      space.put("low", doubles(low));
      space.put("high", doubles(high));
    }
    Map<String, Object> m = new LinkedHashMap<>(extra);
    m.put("policy_name", policyName);
    m.put("action_space", space);
    m.put("chunk_size", chunkSize);
    m.put("chunk_interval_s", chunkIntervalS);
    m.put("image_size", List.of(imageHeight, imageWidth));
    m.put("camera_keys", cameraKeys);
    m.put("state_keys", stateKeys);
    return m;
  }

  /**
   * Reads the wire form.
   *
   * @throws IllegalArgumentException naming the missing or malformed key
   */
  public static ServerMetadata fromMap(Map<String, Object> m) {
    Object spaceObj = m.get("action_space");
    if (!(spaceObj instanceof Map<?, ?> space)) {
      throw new IllegalArgumentException("server metadata has no action_space map (keys: "
          + m.keySet() + ")");
    }
    String type = string(space.get("type"), "action_space.type");
    ActionSpace.Type t;
    try {
      t = ActionSpace.Type.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("action_space.type '" + type
          + "' is not one of ee_delta, ee_pose, joint_position, joint_torque");
    }
    double[] low = space.get("low") == null ? null : numbers(space.get("low"), "action_space.low");
    double[] high = space.get("high") == null ? null
        : numbers(space.get("high"), "action_space.high");
    double[] size = m.containsKey("image_size") ? numbers(m.get("image_size"), "image_size")
        : new double[] {224, 224};
    if (size.length != 2) {
      throw new IllegalArgumentException("image_size must be [height, width], got "
          + size.length + " numbers");
    }
    Map<String, Object> extra = new LinkedHashMap<>(m);
    for (String k : List.of("policy_name", "action_space", "chunk_size", "chunk_interval_s",
        "image_size", "camera_keys", "state_keys")) {
      extra.remove(k);
    }
    extra.values().removeIf(Objects::isNull);
    return new ServerMetadata(
        m.containsKey("policy_name") ? string(m.get("policy_name"), "policy_name") : "unnamed",
        t, low, high,
        m.containsKey("chunk_size") ? (int) number(m.get("chunk_size"), "chunk_size") : 1,
        m.containsKey("chunk_interval_s") ? number(m.get("chunk_interval_s"), "chunk_interval_s")
            : 0.02,
        (int) size[0], (int) size[1],
        strings(m.get("camera_keys"), "camera_keys"), strings(m.get("state_keys"), "state_keys"),
        extra);
  }

  /** The wire name of an action type: {@code ee_delta}, {@code joint_position}, ... */
  public static String wireName(ActionSpace.Type t) {
    return t.name().toLowerCase(Locale.ROOT);
  }

  private static List<Object> doubles(double[] v) {
    List<Object> out = new ArrayList<>(v.length);
    for (double d : v) {
      out.add(d);
    }
    return out;
  }

  private static String string(Object o, String key) {
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException("server metadata: " + key + " must be a string, got "
          + o);
    }
    return s;
  }

  private static double number(Object o, String key) {
    if (!(o instanceof Number n)) {
      throw new IllegalArgumentException("server metadata: " + key + " must be a number, got "
          + o);
    }
    return n.doubleValue();
  }

  private static double[] numbers(Object o, String key) {
    if (o instanceof NdArray a) {
      return a.toDoubles();
    }
    if (!(o instanceof List<?> list)) {
      throw new IllegalArgumentException("server metadata: " + key
          + " must be an array of numbers, got " + o);
    }
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(list.get(i), key + "[" + i + "]");
    }
    return out;
  }

  private static List<String> strings(Object o, String key) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List<?> list)) {
      throw new IllegalArgumentException("server metadata: " + key
          + " must be an array of strings, got " + o);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(string(list.get(i), key + "[" + i + "]"));
    }
    return out;
  }
}
