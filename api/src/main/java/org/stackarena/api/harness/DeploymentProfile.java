package org.stackarena.api.harness;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.stackarena.api.Durations;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.LoopRole;
import org.stackarena.api.LoopSpec;

/**
 * A deployment profile: the latency model, and optionally the rate, that every loop of a given
 * {@link LoopRole} has on some hardware, so that one setting times every stack the same way ("what
 * happens to my stack on the machine I will deploy on?").
 *
 * <p>A profile is a JSON file (shipped ones: {@link #SHIPPED}, in {@code org/stackarena/api/profiles/}):
 * <pre>{@code
 * {
 *   "name": "workstation-gpu",
 *   "description": "one line",
 *   "roles": {
 *     "system2": {"latency": "fixed:73ms", "reference_params": 3.3e9, "min_latency": "4ms",
 *                 "source": "pi0 (3.3B) ... on an RTX 4090"},
 *     "perception": {"latency": "fixed:33ms", "rate_hz": 30, "source": "..."}
 *   },
 *   "default": {"latency": "measured", "source": "..."}
 * }
 * }</pre>
 * Role keys are {@link LoopRole#key()}s; {@code default} times the roles not listed (without
 * it they keep the stack's own model). With {@code reference_params} the figure is for a model of that
 * many parameters: a loop that declares its size ({@link LoopSpec#modelParams()}) gets the latency scaled
 * by {@code params / reference_params} (inference of large models is bound by reading their weights, so
 * linear in size), never below {@code min_latency}; a loop that declares nothing is timed as the reference
 * model. Every mistake is an {@link IllegalArgumentException} of one line naming the file and field.
 *
 * @param name profile name
 * @param description one line
 * @param roles timing per role (roles not listed use {@code fallback})
 * @param fallback timing of roles not listed, null to keep each loop's declared model
 */
public record DeploymentProfile(String name, String description, Map<LoopRole, RoleTiming> roles,
    RoleTiming fallback) {

  /** The profiles shipped with StackArena, by name. */
  public static final List<String> SHIPPED = List.of("this-machine", "ideal", "workstation-gpu", "edge-orin");

  /** The profile {@code bench} and {@code sweep} use unless told otherwise. */
  public static final String DEFAULT = "this-machine";

  private static final String RESOURCES = "/org/stackarena/api/profiles/";
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Set<String> TOP = Set.of("name", "description", "roles", "default");
  private static final Set<String> ENTRY = Set.of("latency", "rate_hz", "reference_params", "min_latency",
      "source");

  /** Validates and copies. */
  public DeploymentProfile {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    roles = Collections.unmodifiableMap(new EnumMap<>(roles.isEmpty() ? new EnumMap<>(LoopRole.class) : roles));
  }

  /**
   * How loops of one role are timed.
   *
   * @param latency the latency model (of the reference model when {@code referenceParams} is set)
   * @param rateHz the loop rate, null to keep the stack's own
   * @param referenceParams parameter count the latency figure is for, null if it does not scale
   * @param minLatencyMs floor of a scaled latency in ms (0 when not given)
   * @param source where the figure comes from (a citation or a stated assumption)
   */
  public record RoleTiming(LatencyModel latency, Double rateHz, Double referenceParams, double minLatencyMs,
      String source) {

    /** Validates. */
    public RoleTiming {
      Objects.requireNonNull(latency, "latency");
      if (rateHz != null && (!(rateHz > 0) || !Double.isFinite(rateHz))) {
        throw new IllegalArgumentException("rate_hz must be positive and finite, got " + rateHz);
      }
      if (referenceParams != null && (!(referenceParams > 0) || !Double.isFinite(referenceParams))) {
        throw new IllegalArgumentException("reference_params must be positive, got " + referenceParams);
      }
      if (referenceParams != null && !(latency instanceof LatencyModel.Fixed)
          && !(latency instanceof LatencyModel.Normal)) {
        throw new IllegalArgumentException("reference_params scales a fixed or normal latency, not " + latency);
      }
      if (!(minLatencyMs >= 0) || !Double.isFinite(minLatencyMs)) {
        throw new IllegalArgumentException("min_latency must be a non-negative duration, got " + minLatencyMs);
      }
      source = source == null ? "" : source;
    }

    /** The latency model for a loop that declares {@code params} parameters (0: undeclared). */
    public LatencyModel latencyFor(long params) {
      if (referenceParams == null || params <= 0) {
        return latency;
      }
      double f = params / referenceParams;
      if (latency instanceof LatencyModel.Fixed x) {
        return LatencyModel.fixed(Math.max(minLatencyMs, x.ms() * f));
      }
      LatencyModel.Normal n = (LatencyModel.Normal) latency;
      double mean = Math.max(minLatencyMs, n.meanMs() * f);
      return LatencyModel.normal(mean, n.sdMs() * mean / n.meanMs());
    }
  }

  /** The timing of {@code role}: its entry, else the fallback; null if neither. */
  public RoleTiming timingOf(LoopRole role) {
    RoleTiming t = roles.get(role);
    return t != null ? t : fallback;
  }

  /**
   * {@code loop} as this profile times it (its rate and latency replaced where the profile says so).
   */
  public LoopSpec apply(LoopSpec loop) {
    RoleTiming t = timingOf(loop.role());
    if (t == null) {
      return loop;
    }
    return loop.withTiming(t.rateHz() != null ? t.rateHz() : loop.rateHz(), t.latencyFor(loop.modelParams()));
  }

  /** Whether {@code text} names a shipped profile (else it is a file path). */
  public static boolean isShipped(String text) {
    return SHIPPED.contains(text);
  }

  /**
   * A shipped profile by name, or a profile file by path.
   *
   * @throws IllegalArgumentException one line: an unknown name, an unreadable or malformed file
   */
  public static DeploymentProfile load(String nameOrFile) {
    Objects.requireNonNull(nameOrFile, "profile");
    if (isShipped(nameOrFile)) {
      try (InputStream in = DeploymentProfile.class.getResourceAsStream(RESOURCES + nameOrFile + ".json")) {
        if (in == null) {
          throw new IllegalStateException("shipped profile " + nameOrFile + " is missing from the jar");
        }
        return parse(nameOrFile + ".json", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read shipped profile " + nameOrFile, e);
      }
    }
    Path p = Path.of(nameOrFile);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(nameOrFile + ": no such profile (shipped: " + String.join(", ", SHIPPED)
          + "; or give a profile file)");
    }
    try {
      return parse(p.toString(), Files.readString(p));
    } catch (IOException e) {
      throw new IllegalArgumentException(p + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /**
   * Parses a profile document.
   *
   * @param file the file name used in messages
   * @throws IllegalArgumentException one line naming the file and field
   */
  public static DeploymentProfile parse(String file, String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException(file + ": not valid JSON (" + msg + " at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a JSON object");
    }
    unknown(file, "", root, TOP);
    String name = text(file, "name", root.get("name"), true);
    String description = text(file, "description", root.get("description"), false);
    JsonNode rolesNode = root.get("roles");
    if (rolesNode == null || !rolesNode.isObject()) {
      throw new IllegalArgumentException(file + ": field roles " + (rolesNode == null ? "is missing" : "must be an object")
          + " (keys: " + roleNames() + ")");
    }
    Map<LoopRole, RoleTiming> roles = new EnumMap<>(LoopRole.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = rolesNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      LoopRole role = LoopRole.fromKey(e.getKey());
      if (role == null) {
        throw new IllegalArgumentException(file + ": field roles." + e.getKey() + ": unknown role (valid: "
            + roleNames() + ")");
      }
      roles.put(role, entry(file, "roles." + e.getKey(), e.getValue()));
    }
    JsonNode def = root.get("default");
    RoleTiming fallback = def == null ? null : entry(file, "default", def);
    return new DeploymentProfile(name, description, roles, fallback);
  }

  /** The lower-case role names, comma-separated. */
  public static String roleNames() {
    List<String> out = new ArrayList<>();
    for (LoopRole r : LoopRole.values()) {
      out.add(r.key());
    }
    return String.join(", ", out);
  }

  /** The profile as a table for {@code run.json}: role (or {@code default}) to its timing. */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    roles.forEach((r, t) -> out.put(r.key(), describe(t)));
    if (fallback != null) {
      out.put("default", describe(fallback));
    }
    return out;
  }

  private static String describe(RoleTiming t) {
    return t.latency() + (t.rateHz() == null ? "" : " @ " + fmt(t.rateHz()) + " Hz")
        + (t.referenceParams() == null ? "" : " for " + fmt(t.referenceParams()) + " params (min "
            + fmt(t.minLatencyMs()) + " ms)");
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static RoleTiming entry(String file, String where, JsonNode n) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(file + ": field " + where + " must be an object with "
          + String.join(", ", new TreeSet<>(ENTRY)));
    }
    unknown(file, where + ".", n, ENTRY);
    String latencyText = text(file, where + ".latency", n.get("latency"), true);
    LatencyModel latency;
    try {
      latency = LatencyModel.parse(latencyText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": field " + where + ".latency: " + e.getMessage());
    }
    Double rate = number(file, where + ".rate_hz", n.get("rate_hz"));
    Double ref = number(file, where + ".reference_params", n.get("reference_params"));
    String min = text(file, where + ".min_latency", n.get("min_latency"), false);
    double minMs = 0;
    if (min != null) {
      if (ref == null) {
        throw new IllegalArgumentException(file + ": field " + where + ".min_latency: only applies with "
            + "reference_params");
      }
      try {
        minMs = Durations.parseMillis(min);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": field " + where + ".min_latency: " + e.getMessage());
      }
    }
    String source = text(file, where + ".source", n.get("source"), false);
    try {
      return new RoleTiming(latency, rate, ref, minMs, source);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": field " + where + ": " + e.getMessage());
    }
  }

  private static void unknown(String file, String prefix, JsonNode n, Set<String> allowed) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException(file + ": field " + prefix + f + ": unknown field (allowed: "
            + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
  }

  private static String text(String file, String field, JsonNode n, boolean required) {
    if (n == null || n.isNull()) {
      if (required) {
        throw new IllegalArgumentException(file + ": field " + field + " is missing");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException(file + ": field " + field + ": must be a string, got " + n);
    }
    return n.asText();
  }

  private static Double number(String file, String field, JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw new IllegalArgumentException(file + ": field " + field + ": must be a number, got " + n);
    }
    return n.asDouble();
  }
}
