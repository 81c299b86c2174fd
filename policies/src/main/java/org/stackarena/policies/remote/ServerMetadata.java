package org.stackarena.policies.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.stackarena.api.ActionSpace;

/**
 * The metadata a remote client runs with: what the server sends first on every connection (see
 * {@code REMOTE_PROTOCOL.md}) merged with what the client's config declares
 * ({@link MetadataSpec#resolve}).
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

  /** Chunk interval when neither side gives one, seconds. */
  public static final double DEFAULT_CHUNK_INTERVAL_S = 0.02;
  /** Image height and width when neither side gives them. */
  public static final int DEFAULT_IMAGE_SIZE = 224;

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
   * Reads the wire form when the server's metadata is all there is (no client-side settings).
   *
   * @throws IllegalArgumentException naming the missing or malformed key
   */
  public static ServerMetadata fromMap(Map<String, Object> m) {
    return MetadataSpec.fromWire(m).resolve(MetadataSpec.NONE, MetadataSpec.CLIENT_HINT);
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
}
