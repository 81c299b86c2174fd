package org.stackarena.policies.remote;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.stackarena.api.LatencyModel;

/**
 * How {@link RemotePolicyStack} reaches and feeds a policy server.
 *
 * <p>The observation mapping says which of our observations goes under which key of the
 * server's observation map. Sources:
 * <ul>
 *   <li>{@code rgb:<camera>}: the camera's colour image, uint8 [H, W, 3], resized to the
 *       server's {@code image_size};</li>
 *   <li>{@code depth:<camera>}: its depth image, float32 [H, W] metres, resized likewise;</li>
 *   <li>{@code state}: float32 [joint positions..., gripper width, ee x, y, z, ee qw, qx, qy,
 *       qz];</li>
 *   <li>{@code joint_positions}, {@code joint_velocities}, {@code gripper_width},
 *       {@code ee_position}, {@code ee_quaternion}: the parts of the state, float32 vectors;</li>
 *   <li>{@code ee_rotvec}: the end effector's orientation as a rotation vector (3 values, base frame),
 *       and {@code gripper_fingers}: the two finger positions (+width/2, -width/2), the pieces of
 *       openpi's LIBERO state;</li>
 *   <li>state sources joined with {@code +} (e.g. {@code ee_position+ee_rotvec+gripper_fingers}): one
 *       float32 vector, the pieces concatenated in order;</li>
 *   <li>{@code instruction}: the episode's instruction as a string.</li>
 * </ul>
 *
 * <p>What the server's metadata may lack is declared client side: {@link #declared()} (action space
 * and bounds, chunk size and interval, image size, camera and state keys, policy name; checked against
 * the server's metadata when it gives them too) and {@link #actionMapping()} (how the reply's columns
 * become our actions).
 *
 * <p>From properties (a file, or system properties prefixed {@code stackarena.remote.}, or
 * {@code --remote KEY=VALUE}): {@code url}, {@code timeout_ms}, {@code rate_hz}, {@code latency} (as
 * {@link LatencyModel#parse}), {@code obs.<server key>=<source>} (any {@code obs.} entry replaces the
 * whole default mapping), {@code policy_name}, {@code action_space} (type),
 * {@code action_space.low}/{@code .high}, {@code chunk_size}, {@code chunk_interval_s},
 * {@code image_size} ({@code H,W}), {@code camera_keys}, {@code state_keys},
 * {@code action_mapping.scale}, {@code action_mapping.rotation} ({@code rpy|rotvec}),
 * {@code action_mapping.gripper} ({@code OPEN,CLOSED}), {@code action_mapping.clip}
 * ({@code LOW,HIGH}); lists are comma-separated.
 *
 * @param url server address, {@code ws://} or {@code wss://}
 * @param timeoutMs how long to wait to connect, for the metadata and for each reply; positive
 * @param observationKeys server observation key to source, in sending order
 * @param rateHz rate of the loop that queries the server
 * @param latency the loop's default latency model; {@code measured} makes the round trip the
 *     modelled latency
 * @param declared what the client knows of the policy's interface ({@link MetadataSpec#NONE}: nothing)
 * @param actionMapping how reply columns become actions ({@link ActionMapping#IDENTITY}: as sent)
 */
public record RemotePolicyConfig(URI url, long timeoutMs, Map<String, String> observationKeys,
    double rateHz, LatencyModel latency, MetadataSpec declared, ActionMapping actionMapping) {

  /** Default server address. */
  public static final String DEFAULT_URL = "ws://127.0.0.1:8765";
  /** Environment variable with the server address. */
  public static final String URL_ENV = "STACKARENA_REMOTE_URL";
  /** Environment variable naming a properties file. */
  public static final String CONFIG_ENV = "STACKARENA_REMOTE_CONFIG";
  /** Prefix of the system properties read by {@link #fromEnvironment}. */
  public static final String PROPERTY_PREFIX = "stackarena.remote.";

  private static final Set<String> STATE_SOURCES = Set.of("state", "joint_positions",
      "joint_velocities", "gripper_width", "ee_position", "ee_quaternion", "ee_rotvec", "gripper_fingers");

  /** Keys of the properties form other than {@code obs.<server key>}. */
  public static final List<String> KEYS = List.of("url", "timeout_ms", "rate_hz", "latency", "policy_name",
      "action_space", "action_space.low", "action_space.high", "chunk_size", "chunk_interval_s", "image_size",
      "camera_keys", "state_keys", "action_mapping.scale", "action_mapping.rotation", "action_mapping.gripper",
      "action_mapping.clip");

  /** Validates everything and copies the mapping. */
  public RemotePolicyConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(latency, "latency");
    declared = declared == null ? MetadataSpec.NONE : declared;
    actionMapping = actionMapping == null ? ActionMapping.IDENTITY : actionMapping;
    if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
      throw new IllegalArgumentException("remote policy url '" + url
          + "' must start with ws:// or wss://");
    }
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("remote policy timeout must be positive, got "
          + timeoutMs + " ms");
    }
    if (!(rateHz > 0) || !Double.isFinite(rateHz)) {
      throw new IllegalArgumentException("remote policy rate must be positive, got " + rateHz);
    }
    if (observationKeys.isEmpty()) {
      throw new IllegalArgumentException("the observation mapping is empty: map at least one "
          + "server key to a source (e.g. obs.observation/state=state)");
    }
    observationKeys.forEach(RemotePolicyConfig::checkSource);
    observationKeys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(observationKeys));
  }

  /** The openpi-style default mapping. */
  public static Map<String, String> defaultObservationKeys() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("observation/image", "rgb:front");
    m.put("observation/wrist_image", "rgb:wrist");
    m.put("observation/state", "state");
    m.put("prompt", "instruction");
    return m;
  }

  /** Defaults for a server at {@code url}: 5 s timeout, default mapping, 10 Hz, measured. */
  public static RemotePolicyConfig of(String url) {
    return new RemotePolicyConfig(URI.create(url), 5000, defaultObservationKeys(), 10.0,
        LatencyModel.measured(), MetadataSpec.NONE, ActionMapping.IDENTITY);
  }

  /** The config without client-side metadata or action mapping. */
  public RemotePolicyConfig(URI url, long timeoutMs, Map<String, String> observationKeys, double rateHz,
      LatencyModel latency) {
    this(url, timeoutMs, observationKeys, rateHz, latency, MetadataSpec.NONE, ActionMapping.IDENTITY);
  }

  /** This config with another address. */
  public RemotePolicyConfig withUrl(URI newUrl) {
    return new RemotePolicyConfig(newUrl, timeoutMs, observationKeys, rateHz, latency, declared, actionMapping);
  }

  /** This config with another timeout. */
  public RemotePolicyConfig withTimeoutMs(long ms) {
    return new RemotePolicyConfig(url, ms, observationKeys, rateHz, latency, declared, actionMapping);
  }

  /** This config with another observation mapping. */
  public RemotePolicyConfig withObservationKeys(Map<String, String> keys) {
    return new RemotePolicyConfig(url, timeoutMs, keys, rateHz, latency, declared, actionMapping);
  }

  /** This config with another loop rate. */
  public RemotePolicyConfig withRate(double hz) {
    return new RemotePolicyConfig(url, timeoutMs, observationKeys, hz, latency, declared, actionMapping);
  }

  /** This config with another default latency model. */
  public RemotePolicyConfig withLatency(LatencyModel model) {
    return new RemotePolicyConfig(url, timeoutMs, observationKeys, rateHz, model, declared, actionMapping);
  }

  /** This config with another client-side description of the policy's interface. */
  public RemotePolicyConfig withDeclared(MetadataSpec spec) {
    return new RemotePolicyConfig(url, timeoutMs, observationKeys, rateHz, latency, spec, actionMapping);
  }

  /** This config with another action mapping. */
  public RemotePolicyConfig withActionMapping(ActionMapping mapping) {
    return new RemotePolicyConfig(url, timeoutMs, observationKeys, rateHz, latency, declared, mapping);
  }

  /** Cameras named by {@code rgb:} and {@code depth:} sources, sorted. */
  public Set<String> cameras() {
    Set<String> out = new TreeSet<>();
    for (String s : observationKeys.values()) {
      int colon = s.indexOf(':');
      if (colon > 0) {
        out.add(s.substring(colon + 1));
      }
    }
    return out;
  }

  /** True if some source needs proprioception. */
  public boolean needsProprioception() {
    return observationKeys.values().stream().anyMatch(RemotePolicyConfig::isStateSource);
  }

  /** True if {@code source} names proprioception: a state source or state sources joined by {@code +}. */
  static boolean isStateSource(String source) {
    String[] parts = source.split("\\+", -1);
    for (String p : parts) {
      if (!STATE_SOURCES.contains(p)) {
        return false;
      }
    }
    return true;
  }

  /** True if some source is the instruction. */
  public boolean needsInstruction() {
    return observationKeys.containsValue("instruction");
  }

  /**
   * Reads {@code props} (keys without prefix) over {@code base}.
   *
   * @throws IllegalArgumentException naming the key whose value is wrong
   */
  public static RemotePolicyConfig fromProperties(Properties props, RemotePolicyConfig base) {
    URI url = base.url;
    long timeout = base.timeoutMs;
    double rate = base.rateHz;
    LatencyModel latency = base.latency;
    MetadataSpec d = base.declared;
    ActionMapping a = base.actionMapping;
    Map<String, String> obs = new LinkedHashMap<>();
    for (String k : new TreeSet<>(props.stringPropertyNames())) {
      String v = props.getProperty(k).trim();
      try {
        switch (k) {
          case "url" -> url = new URI(v);
          case "timeout_ms" -> timeout = Long.parseLong(v);
          case "rate_hz" -> rate = Double.parseDouble(v);
          case "latency" -> latency = LatencyModel.parse(v);
          case "policy_name" -> d = d.withPolicyName(v);
          case "action_space" -> d = d.withActionSpace(MetadataSpec.parseType(v, "action_space"), null, null);
          case "action_space.low", "action_space.high" -> { } // read with action_space below
          case "chunk_size" -> d = d.withChunkSize(Integer.parseInt(v));
          case "chunk_interval_s" -> d = d.withChunkIntervalS(Double.parseDouble(v));
          case "image_size" -> {
            double[] hw = numbers(v, 2);
            d = d.withImageSize(new int[] {(int) hw[0], (int) hw[1]});
          }
          case "camera_keys" -> d = d.withCameraKeys(names(v));
          case "state_keys" -> d = d.withStateKeys(names(v));
          case "action_mapping.scale" -> a = new ActionMapping(numbers(v, -1), a.rotation(), a.gripperOpen(),
              a.gripperClosed(), a.clipLow(), a.clipHigh());
          case "action_mapping.rotation" -> a = new ActionMapping(a.scale(), ActionMapping.Rotation.parse(v),
              a.gripperOpen(), a.gripperClosed(), a.clipLow(), a.clipHigh());
          case "action_mapping.gripper" -> {
            double[] g = numbers(v, 2);
            a = new ActionMapping(a.scale(), a.rotation(), g[0], g[1], a.clipLow(), a.clipHigh());
          }
          case "action_mapping.clip" -> {
            double[] c = numbers(v, 2);
            a = new ActionMapping(a.scale(), a.rotation(), a.gripperOpen(), a.gripperClosed(), c[0], c[1]);
          }
          default -> {
            if (k.startsWith("obs.") && k.length() > 4) {
              obs.put(k.substring(4), v);
            } else {
              throw new IllegalArgumentException("unknown key (known: " + String.join(", ", KEYS)
                  + ", obs.<server key>)");
            }
          }
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new BadKey(k, v, e);
      }
    }
    String lowText = props.getProperty("action_space.low");
    String highText = props.getProperty("action_space.high");
    if (lowText != null || highText != null) {
      String k = lowText != null ? "action_space.low" : "action_space.high";
      try {
        if (d.actionType() == null) {
          throw new IllegalArgumentException("bounds need action_space (the type) too");
        }
        d = d.withActionSpace(d.actionType(), lowText == null ? null : numbers(lowText.trim(), -1),
            highText == null ? null : numbers(highText.trim(), -1));
      } catch (IllegalArgumentException e) {
        throw new BadKey(k, props.getProperty(k).trim(), e);
      }
    }
    return new RemotePolicyConfig(url, timeout, obs.isEmpty() ? base.observationKeys : obs, rate,
        latency, d, a);
  }

  /**
   * A bad value in the properties form: its message is one line naming the key and value, and
   * {@link #key()} and {@link #detail()} let a caller name the key its own way (a policy.json field).
   */
  public static final class BadKey extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String detail;

    BadKey(String key, String value, Exception cause) {
      super("remote policy config: bad " + key + "='" + value + "': " + cause.getMessage(), cause);
      this.key = key;
      this.detail = cause.getMessage();
    }

    /** The key whose value is wrong. */
    public String key() {
      return key;
    }

    /** What is wrong with it. */
    public String detail() {
      return detail;
    }
  }

  /** Comma-separated numbers; {@code n} of them unless {@code n} is negative. */
  private static double[] numbers(String v, int n) {
    String[] parts = v.split(",", -1);
    if (n >= 0 && parts.length != n) {
      throw new IllegalArgumentException("expected " + n + " comma-separated numbers, got " + parts.length);
    }
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + parts[i].strip() + "' is not a number");
      }
      if (!Double.isFinite(out[i])) {
        throw new IllegalArgumentException("'" + parts[i].strip() + "' is not finite");
      }
    }
    return out;
  }

  /** Comma-separated non-blank names. */
  private static List<String> names(String v) {
    List<String> out = new java.util.ArrayList<>();
    for (String p : v.split(",", -1)) {
      if (p.isBlank()) {
        throw new IllegalArgumentException("blank name in a comma-separated list");
      }
      out.add(p.strip());
    }
    return out;
  }

  /**
   * The configuration for the {@code remote} provider: defaults, then the properties file (or, for a
   * name ending in {@code .json}, the remote {@code policy.json}) named by system property
   * {@code stackarena.remote.config} or env {@value #CONFIG_ENV}, then env
   * {@value #URL_ENV}, then system properties {@code stackarena.remote.*}.
   *
   * @throws IllegalArgumentException for a missing or malformed file or value
   */
  public static RemotePolicyConfig fromEnvironment() {
    RemotePolicyConfig c = of(DEFAULT_URL);
    String file = System.getProperty(PROPERTY_PREFIX + "config", System.getenv(CONFIG_ENV));
    if (file != null && file.strip().endsWith(".json")) {
      try {
        c = RemotePolicyLoader.parse(file, Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read remote policy config " + file + ": "
            + e.getMessage() + " (set " + CONFIG_ENV + " to a readable policy.json or properties file)", e);
      } catch (org.stackarena.api.policy.InvalidPolicyException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    } else if (file != null && !file.isBlank()) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read remote policy config " + file + ": "
            + e.getMessage() + " (set " + CONFIG_ENV + " to a readable properties file)", e);
      }
      c = fromProperties(p, c);
    }
    String envUrl = System.getenv(URL_ENV);
    if (envUrl != null && !envUrl.isBlank()) {
      c = c.withUrl(URI.create(envUrl.trim()));
    }
    Properties sys = new Properties();
    for (String k : System.getProperties().stringPropertyNames()) {
      if (k.startsWith(PROPERTY_PREFIX) && !k.equals(PROPERTY_PREFIX + "config")) {
        sys.setProperty(k.substring(PROPERTY_PREFIX.length()), System.getProperty(k));
      }
    }
    return fromProperties(sys, c);
  }

  private static void checkSource(String key, String source) {
    Objects.requireNonNull(key, "observation key");
    Objects.requireNonNull(source, "observation source");
    if (key.isBlank()) {
      throw new IllegalArgumentException("observation mapping has a blank server key");
    }
    if (isStateSource(source) || source.equals("instruction")) {
      return;
    }
    if ((source.startsWith("rgb:") || source.startsWith("depth:")) && source.indexOf(':') + 1
        < source.length()) {
      return;
    }
    throw new IllegalArgumentException("observation '" + key + "' has unknown source '" + source
        + "' (use rgb:<camera>, depth:<camera>, state, joint_positions, joint_velocities, "
        + "gripper_width, ee_position, ee_quaternion, ee_rotvec, gripper_fingers, state sources joined by + "
        + "or instruction)");
  }
}
