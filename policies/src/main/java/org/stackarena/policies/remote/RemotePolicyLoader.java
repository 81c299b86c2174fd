package org.stackarena.policies.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyLoader;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.policies.CheckpointException;

/**
 * Loader of format {@value #FORMAT}: a policy served by another process, described by a
 * {@code policy.json} instead of environment variables (which {@code --stack remote} keeps reading):
 *
 * <pre>{@code
 * {"format": "stackarena-remote/1", "description": "pi0 on the lab GPU box",
 *  "url": "ws://10.0.0.2:8000", "timeout_ms": 5000, "rate_hz": 10, "latency": "measured",
 *  "observations": {"observation/image": "rgb:front", "observation/state": "state", "prompt": "instruction"},
 *  "chunk_execution": "rtc",
 *  "action_space": {"type": "ee_delta", "low": [..], "high": [..]}, "chunk_interval_s": 0.05,
 *  "image_size": [224, 224], "camera_keys": [..], "state_keys": [..], "policy_name": "pi05_libero",
 *  "action_mapping": {"scale": [..], "rotation": "rotvec", "gripper": [-1, 1], "clip": [-1, 1]}}
 * }</pre>
 *
 * Only {@code format} and {@code url} are required; the rest default as in
 * {@link RemotePolicyConfig#of}. The interface fields ({@code action_space} ... {@code action_mapping})
 * declare client side what a server's metadata may lack (a stock openpi server sends {@code {}});
 * where the server's metadata gives a field too, the two must agree. The check validates the file without connecting (the server may not
 * be up yet; an unreachable server fails each episode with {@code remote_unreachable}).
 */
public final class RemotePolicyLoader implements PolicyLoader {

    /** Value of the {@code format} field. */
    public static final String FORMAT = "stackarena-remote/1";

    private static final Set<String> FIELDS = Set.of("format", "description", "url", "timeout_ms", "rate_hz",
        "latency", "observations", "chunk_execution", "policy_name", "action_space", "chunk_size",
        "chunk_interval_s", "image_size", "camera_keys", "state_keys", "action_mapping");

    private static final Set<String> ACTION_SPACE_FIELDS = Set.of("type", "low", "high");
    private static final Set<String> MAPPING_FIELDS = Set.of("scale", "rotation", "gripper", "clip");

    /** A parsed policy.json: the connection settings and the chunk execution it names (null: none). */
    private record Parsed(RemotePolicyConfig config, ChunkExecution execution) {}

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String check(Path dir) {
        RemotePolicyConfig c = config(dir);
        return "remote policy " + c.url() + " (" + dir + ", " + c.rateHz() + " Hz)";
    }

    /** The stack, chunks executed as the caller asks, else as policy.json's {@code chunk_execution}, else hold-and-switch. */
    @Override
    public PolicyStack load(Path dir, Options options) {
        Parsed p = read(dir);
        return RemotePolicyStack.create(p.config(), options.stackName(),
            options.chunkExecutionOr(p.execution() != null ? p.execution() : ChunkExecution.holdAndSwitch()));
    }

    /**
     * The configuration in {@code dir}'s policy.json.
     *
     * @throws CheckpointException one line naming the file and the field
     */
    public static RemotePolicyConfig config(Path dir) {
        return read(dir).config();
    }

    private static Parsed read(Path dir) {
        Path json = dir.resolve(POLICY_JSON);
        try {
            return parseAll(json.toString(), Files.readString(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CheckpointException(json + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Parses policy.json text of format {@value #FORMAT}.
     *
     * @param file the path used in messages
     * @throws CheckpointException one line naming the file and the field
     */
    public static RemotePolicyConfig parse(String file, String text) {
        return parseAll(file, text).config();
    }

    private static Parsed parseAll(String file, String text) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new CheckpointException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file + ": not a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw error(file, f, "unknown field (allowed: " + String.join(", ", new TreeSet<>(FIELDS)) + ")");
            }
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw error(file, "format", "is '" + root.path("format").asText() + "', expected '" + FORMAT + "'");
        }
        RemotePolicyConfig c = RemotePolicyConfig.of(RemotePolicyConfig.DEFAULT_URL);
        JsonNode url = root.get("url");
        if (url == null || !url.isTextual()) {
            throw error(file, "url", "is missing (a ws:// or wss:// address)");
        }
        try {
            c = c.withUrl(new URI(url.asText().strip()));
            if (root.has("timeout_ms")) {
                JsonNode n = root.get("timeout_ms");
                if (!n.isIntegralNumber() || n.asLong() <= 0) {
                    throw error(file, "timeout_ms", "must be a positive integer, got " + n);
                }
                c = c.withTimeoutMs(n.asLong());
            }
            if (root.has("rate_hz")) {
                JsonNode n = root.get("rate_hz");
                if (!n.isNumber() || !(n.asDouble() > 0)) {
                    throw error(file, "rate_hz", "must be a positive number, got " + n);
                }
                c = c.withRate(n.asDouble());
            }
            if (root.has("latency")) {
                try {
                    c = c.withLatency(LatencyModel.parse(root.get("latency").asText()));
                } catch (IllegalArgumentException e) {
                    throw error(file, "latency", e.getMessage());
                }
            }
            if (root.has("observations")) {
                JsonNode o = root.get("observations");
                if (!o.isObject() || o.isEmpty()) {
                    throw error(file, "observations", "must be a non-empty object of server key -> source");
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw error(file, "observations." + e.getKey(), "must be a string source");
                    }
                    m.put(e.getKey(), e.getValue().asText());
                }
                try {
                    c = c.withObservationKeys(m);
                } catch (IllegalArgumentException e) {
                    throw error(file, "observations", e.getMessage());
                }
            }
        } catch (URISyntaxException e) {
            throw error(file, "url", "is not an address: " + e.getMessage());
        } catch (CheckpointException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(file, "url", e.getMessage());
        }
        c = interfaceFields(file, root, c);
        ChunkExecution execution = null;
        if (root.has("chunk_execution")) {
            try {
                execution = ChunkExecution.parse(root.get("chunk_execution").isTextual()
                    ? root.get("chunk_execution").asText() : root.get("chunk_execution").toString());
            } catch (IllegalArgumentException e) {
                throw error(file, "chunk_execution", e.getMessage());
            }
        }
        return new Parsed(c, execution);
    }

    /** The interface fields, read through the properties form so both share one parser. */
    private static RemotePolicyConfig interfaceFields(String file, JsonNode root, RemotePolicyConfig c) {
        java.util.Properties p = new java.util.Properties();
        if (root.has("policy_name")) {
            p.setProperty("policy_name", text(file, "policy_name", root.get("policy_name")));
        }
        JsonNode space = root.get("action_space");
        if (space != null) {
            if (space.isTextual()) {
                p.setProperty("action_space", space.asText());
            } else if (space.isObject()) {
                checkFields(file, "action_space", space, ACTION_SPACE_FIELDS);
                p.setProperty("action_space", text(file, "action_space.type", space.get("type")));
                list(file, "action_space.low", space.get("low"), true, p);
                list(file, "action_space.high", space.get("high"), true, p);
            } else {
                throw error(file, "action_space", "must be an object {type, low, high} or a type name, got " + space);
            }
        }
        JsonNode chunk = root.get("chunk_size");
        if (chunk != null) {
            if (!chunk.isIntegralNumber()) {
                throw error(file, "chunk_size", "must be an integer, got " + chunk);
            }
            p.setProperty("chunk_size", chunk.asText());
        }
        JsonNode interval = root.get("chunk_interval_s");
        if (interval != null) {
            if (!interval.isNumber()) {
                throw error(file, "chunk_interval_s", "must be a number, got " + interval);
            }
            p.setProperty("chunk_interval_s", interval.asText());
        }
        list(file, "image_size", root.get("image_size"), true, p);
        list(file, "camera_keys", root.get("camera_keys"), false, p);
        list(file, "state_keys", root.get("state_keys"), false, p);
        JsonNode mapping = root.get("action_mapping");
        if (mapping != null) {
            if (!mapping.isObject()) {
                throw error(file, "action_mapping", "must be an object {scale, rotation, gripper, clip}, got " + mapping);
            }
            checkFields(file, "action_mapping", mapping, MAPPING_FIELDS);
            list(file, "action_mapping.scale", mapping.get("scale"), true, p);
            if (mapping.has("rotation")) {
                p.setProperty("action_mapping.rotation", text(file, "action_mapping.rotation", mapping.get("rotation")));
            }
            list(file, "action_mapping.gripper", mapping.get("gripper"), true, p);
            list(file, "action_mapping.clip", mapping.get("clip"), true, p);
        }
        try {
            return RemotePolicyConfig.fromProperties(p, c);
        } catch (RemotePolicyConfig.BadKey e) {
            throw error(file, e.key(), e.detail());
        }
    }

    private static void checkFields(String file, String field, JsonNode node, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw error(file, field + "." + f, "unknown field (allowed: "
                    + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static String text(String file, String field, JsonNode n) {
        if (n == null || !n.isTextual()) {
            throw error(file, field, "must be a string, got " + n);
        }
        return n.asText();
    }

    /** A JSON array of numbers (or strings) as the comma-separated properties value; absent: nothing. */
    private static void list(String file, String field, JsonNode n, boolean numbers, java.util.Properties p) {
        if (n == null) {
            return;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw error(file, field, "must be a non-empty array of " + (numbers ? "numbers" : "strings") + ", got " + n);
        }
        List<String> parts = new java.util.ArrayList<>();
        for (JsonNode e : n) {
            if (numbers ? !e.isNumber() : !e.isTextual() || e.asText().contains(",")) {
                throw error(file, field, "must be an array of " + (numbers ? "numbers" : "strings without commas")
                    + ", got " + n);
            }
            parts.add(e.asText());
        }
        p.setProperty(field, String.join(",", parts));
    }

    private static CheckpointException error(String file, String field, String what) {
        return new CheckpointException(file + ": field " + field + ": " + what);
    }
}
