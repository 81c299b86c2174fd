package org.stackarena.policies.remote;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 *   <li>{@code instruction}: the episode's instruction as a string.</li>
 * </ul>
 *
 * <p>From properties (a file, or system properties prefixed {@code stackarena.remote.}):
 * {@code url}, {@code timeout_ms}, {@code rate_hz}, {@code latency} (as
 * {@link LatencyModel#parse}), and {@code obs.<server key>=<source>}; any {@code obs.} entry
 * replaces the whole default mapping.
 *
 * @param url server address, {@code ws://} or {@code wss://}
 * @param timeoutMs how long to wait to connect, for the metadata and for each reply; positive
 * @param observationKeys server observation key to source, in sending order
 * @param rateHz rate of the loop that queries the server
 * @param latency the loop's default latency model; {@code measured} makes the round trip the
 *     modelled latency
 */
public record RemotePolicyConfig(URI url, long timeoutMs, Map<String, String> observationKeys,
    double rateHz, LatencyModel latency) {

  /** Default server address. */
  public static final String DEFAULT_URL = "ws://127.0.0.1:8765";
  /** Environment variable with the server address. */
  public static final String URL_ENV = "STACKARENA_REMOTE_URL";
  /** Environment variable naming a properties file. */
  public static final String CONFIG_ENV = "STACKARENA_REMOTE_CONFIG";
  /** Prefix of the system properties read by {@link #fromEnvironment}. */
  public static final String PROPERTY_PREFIX = "stackarena.remote.";

  private static final Set<String> STATE_SOURCES = Set.of("state", "joint_positions",
      "joint_velocities", "gripper_width", "ee_position", "ee_quaternion");

  /** Validates everything and copies the mapping. */
  public RemotePolicyConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(latency, "latency");
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
        LatencyModel.measured());
  }

  /** This config with another address. */
  public RemotePolicyConfig withUrl(URI newUrl) {
    return new RemotePolicyConfig(newUrl, timeoutMs, observationKeys, rateHz, latency);
  }

  /** This config with another timeout. */
  public RemotePolicyConfig withTimeoutMs(long ms) {
    return new RemotePolicyConfig(url, ms, observationKeys, rateHz, latency);
  }

  /** This config with another observation mapping. */
  public RemotePolicyConfig withObservationKeys(Map<String, String> keys) {
    return new RemotePolicyConfig(url, timeoutMs, keys, rateHz, latency);
  }

  /** This config with another loop rate. */
  public RemotePolicyConfig withRate(double hz) {
    return new RemotePolicyConfig(url, timeoutMs, observationKeys, hz, latency);
  }

  /** This config with another default latency model. */
  public RemotePolicyConfig withLatency(LatencyModel model) {
    return new RemotePolicyConfig(url, timeoutMs, observationKeys, rateHz, model);
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
    return observationKeys.values().stream().anyMatch(STATE_SOURCES::contains);
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
    Map<String, String> obs = new LinkedHashMap<>();
    for (String k : new TreeSet<>(props.stringPropertyNames())) {
      String v = props.getProperty(k).trim();
      try {
        switch (k) {
          case "url" -> url = new URI(v);
          case "timeout_ms" -> timeout = Long.parseLong(v);
          case "rate_hz" -> rate = Double.parseDouble(v);
          case "latency" -> latency = LatencyModel.parse(v);
          default -> {
            if (k.startsWith("obs.") && k.length() > 4) {
              obs.put(k.substring(4), v);
            } else {
              throw new IllegalArgumentException("unknown key (known: url, timeout_ms, rate_hz, "
                  + "latency, obs.<server key>)");
            }
          }
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new IllegalArgumentException("remote policy config: bad " + k + "='" + v + "': "
            + e.getMessage(), e);
      }
    }
    return new RemotePolicyConfig(url, timeout, obs.isEmpty() ? base.observationKeys : obs, rate,
        latency);
  }

  /**
   * The configuration for the {@code remote} provider: defaults, then the properties file named
   * by system property {@code stackarena.remote.config} or env {@value #CONFIG_ENV}, then env
   * {@value #URL_ENV}, then system properties {@code stackarena.remote.*}.
   *
   * @throws IllegalArgumentException for a missing or malformed file or value
   */
  public static RemotePolicyConfig fromEnvironment() {
    RemotePolicyConfig c = of(DEFAULT_URL);
    String file = System.getProperty(PROPERTY_PREFIX + "config", System.getenv(CONFIG_ENV));
    if (file != null && !file.isBlank()) {
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
    if (STATE_SOURCES.contains(source) || source.equals("instruction")) {
      return;
    }
    if ((source.startsWith("rgb:") || source.startsWith("depth:")) && source.indexOf(':') + 1
        < source.length()) {
      return;
    }
    throw new IllegalArgumentException("observation '" + key + "' has unknown source '" + source
        + "' (use rgb:<camera>, depth:<camera>, state, joint_positions, joint_velocities, "
        + "gripper_width, ee_position, ee_quaternion or instruction)");
  }
}
