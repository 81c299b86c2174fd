package org.stackarena.policies.torchscript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.stackarena.policies.CheckpointException;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.policy.ChunkExecution;

/**
 * The contents of a TorchScript policy directory's {@code policy.json} (format
 * {@value #FORMAT}; schema in {@code policies/POLICY_DIRECTORY.md}): the input features the
 * model reads (LeRobot-style keys such as {@code observation.images.front},
 * {@code observation.state}, {@code task}), the action it emits and the loops that run it.
 *
 * @param file the policy.json path, for messages
 * @param model default TorchScript file, relative to the directory
 * @param inputs input features by key, in declaration order
 * @param action the action output
 * @param loops the loops in tick order; exactly one (the last declared without {@code output})
 *     publishes actions
 * @param description free text, may be empty
 * @param chunkExecution the {@code chunk_execution} field (a {@link ChunkExecution} form), null when
 *     absent (the loader's default, {@code hold-and-switch}, applies)
 */
public record TorchScriptSpec(String file, String model, Map<String, Feature> inputs, ActionOutput action,
                              List<Loop> loops, String description, ChunkExecution chunkExecution) {

    /** Value of the {@code format} field. */
    public static final String FORMAT = "stackarena-torchscript/1";

    /** Proprioceptive state keys and their sizes (-1: one value per arm joint). */
    public static final Map<String, Integer> STATE_KEYS = stateKeys();

    private static Map<String, Integer> stateKeys() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("ee_pos", 3);
        m.put("ee_quat", 4);
        m.put("gripper_width", 1);
        m.put("joint_pos", -1);
        m.put("joint_vel", -1);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kinds of input feature (LeRobot's {@code FeatureType} names). */
    public enum FeatureType {
        /** A camera image, float, normalised. */
        VISUAL,
        /** A proprioceptive state vector, float, normalised. */
        STATE,
        /** The instruction as int64 token ids. */
        LANGUAGE
    }

    /**
     * One model input.
     *
     * @param key feature key (the dict key with {@code pass_as: dict})
     * @param type kind
     * @param shape tensor shape without the batch dimension: VISUAL {@code [3,H,W]} or {@code [H,W,3]},
     *     STATE {@code [N]}, LANGUAGE {@code [max_length]}
     * @param camera VISUAL: camera name
     * @param scale VISUAL: multiplier applied to 0..255 pixel values before mean/std
     * @param mean per channel (VISUAL) or per value (STATE), subtracted
     * @param std per channel or per value, divided by
     * @param stateKeys STATE: which proprioception values, concatenated in order
     * @param vocab LANGUAGE: the vocabulary file, relative to the directory
     */
    public record Feature(String key, FeatureType type, int[] shape, String camera, float scale, float[] mean,
                          float[] std, List<String> stateKeys, String vocab) {

        /** True if the image is channels-first ({@code [3,H,W]}). */
        public boolean channelsFirst() {
            return shape[0] == 3;
        }

        /** Image height (VISUAL). */
        public int height() {
            return channelsFirst() ? shape[1] : shape[0];
        }

        /** Image width (VISUAL). */
        public int width() {
            return channelsFirst() ? shape[2] : shape[1];
        }

        /** Number of values. */
        public int size() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    /** Action spaces a TorchScript policy may emit (values of {@code space}). */
    public enum Space {
        /** End-effector delta per chunk step: dx, dy, dz, droll, dpitch, dyaw. */
        EE_DELTA,
        /** Absolute joint-position targets, one per arm joint. */
        JOINT_POSITION
    }

    /**
     * The action output.
     *
     * @param key output feature key (documentation only)
     * @param space the action space
     * @param chunk steps per chunk
     * @param dims values per step, gripper included
     * @param gripper whether the last value of each step is the gripper command (0 open .. 1 closed)
     * @param mean un-normalisation: action = raw * std + mean, per value of a step
     * @param std see mean
     * @param chunkInterval seconds between chunk steps
     * @param maxLinear EE_DELTA: bound on dx, dy, dz per step (m)
     * @param maxAngular EE_DELTA: bound on the rotation deltas per step (rad)
     */
    public record ActionOutput(String key, Space space, int chunk, int dims, boolean gripper, float[] mean,
                               float[] std, double chunkInterval, double maxLinear, double maxAngular) {

        /** Values per step without the gripper. */
        public int actionDim() {
            return gripper ? dims - 1 : dims;
        }
    }

    /**
     * One loop: calls {@code method} of {@code model} with {@code inputs} at {@code rateHz}.
     *
     * @param name loop name in records
     * @param rateHz rate
     * @param model TorchScript file, relative to the directory
     * @param method the module method called
     * @param inputs feature keys or other loops' outputs, in argument order
     * @param output name of the latent this loop publishes, or null if it publishes actions
     * @param latency default latency model
     * @param passAsDict true: one {@code Dict[str, Tensor]} argument keyed by input name; false: positional
     */
    public record Loop(String name, double rateHz, String model, String method, List<String> inputs, String output,
                       LatencyModel latency, boolean passAsDict) {}

    /** The loop that publishes actions. */
    public Loop actionLoop() {
        return loops.stream().filter(l -> l.output() == null).findFirst().orElseThrow();
    }

    /**
     * Parses and validates policy.json text.
     *
     * @param file the path used in messages
     * @throws CheckpointException one line naming the file and field
     */
    public static TorchScriptSpec parse(String file, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new CheckpointException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file + ": not a JSON object");
        }
        Fields r = new Fields(file, "", root).only(Set.of("format", "description", "model", "input_features",
            "output_features", "loops", "training", "chunk_execution"));
        String format = r.text("format");
        if (!FORMAT.equals(format)) {
            throw r.error("format", "is '" + format + "', expected '" + FORMAT + "'");
        }
        String model = r.text("model");
        Fields in = r.object("input_features");
        Map<String, Feature> inputs = new LinkedHashMap<>();
        for (Iterator<String> it = in.node().fieldNames(); it.hasNext(); ) {
            String key = it.next();
            inputs.put(key, feature(key, in.object(key)));
        }
        if (inputs.isEmpty()) {
            throw r.error("input_features", "declares no input");
        }
        Fields out = r.object("output_features");
        if (out.node().size() != 1) {
            throw r.error("output_features", "must declare exactly one output (the action), got " + out.node().size());
        }
        String actionKey = out.node().fieldNames().next();
        ActionOutput action = action(actionKey, out.object(actionKey));
        List<Loop> loops = loops(r, model, inputs.keySet());
        ChunkExecution execution = null;
        if (r.has("chunk_execution")) {
            try {
                execution = ChunkExecution.parse(r.text("chunk_execution"));
            } catch (IllegalArgumentException e) {
                throw r.error("chunk_execution", e.getMessage());
            }
        }
        return new TorchScriptSpec(file, model, inputs, action, loops, r.text("description", ""), execution);
    }

    private static Feature feature(String key, Fields f) {
        String t = f.text("type");
        FeatureType type;
        try {
            type = FeatureType.valueOf(t);
        } catch (IllegalArgumentException e) {
            throw f.error("type", "unknown feature type '" + t + "' (expected VISUAL, STATE or LANGUAGE)");
        }
        int[] shape = f.shape("shape");
        switch (type) {
            case VISUAL -> {
                f.only(Set.of("type", "shape", "camera", "scale", "mean", "std"));
                if (shape.length != 3 || (shape[0] != 3 && shape[2] != 3)) {
                    throw f.error("shape", "an image is [3, H, W] or [H, W, 3], got " + Arrays.toString(shape));
                }
                double scale = f.has("scale") ? f.positive("scale") : 1.0 / 255;
                return new Feature(key, type, shape, f.text("camera"), (float) scale, f.floats("mean", 3, 0),
                    positive(f, "std", f.floats("std", 3, 1)), List.of(), null);
            }
            case STATE -> {
                f.only(Set.of("type", "shape", "keys", "mean", "std"));
                if (shape.length != 1) {
                    throw f.error("shape", "a state is [N], got " + Arrays.toString(shape));
                }
                List<String> keys = f.strings("keys");
                int fixed = 0;
                int perJoint = 0;
                for (String k : keys) {
                    Integer n = STATE_KEYS.get(k);
                    if (n == null) {
                        throw f.error("keys", "unknown state key '" + k + "' (known: "
                            + String.join(", ", STATE_KEYS.keySet()) + ")");
                    }
                    if (n < 0) {
                        perJoint++;
                    } else {
                        fixed += n;
                    }
                }
                if (keys.isEmpty() || (perJoint == 0 && fixed != shape[0])
                    || (perJoint > 0 && (shape[0] <= fixed || (shape[0] - fixed) % perJoint != 0))) {
                    throw f.error("shape", Arrays.toString(shape) + " does not match keys " + keys);
                }
                return new Feature(key, type, shape, null, 1, f.floats("mean", shape[0], 0),
                    positive(f, "std", f.floats("std", shape[0], 1)), List.copyOf(keys), null);
            }
            default -> {
                f.only(Set.of("type", "shape", "tokenizer", "vocab"));
                if (shape.length != 1) {
                    throw f.error("shape", "token ids are [max_length], got " + Arrays.toString(shape));
                }
                String tok = f.text("tokenizer");
                if (!tok.equals("words")) {
                    throw f.error("tokenizer", "unknown tokenizer '" + tok + "' (supported: words)");
                }
                return new Feature(key, type, shape, null, 1, new float[0], new float[0], List.of(), f.text("vocab"));
            }
        }
    }

    private static float[] positive(Fields f, String field, float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0)) {
                throw f.error(field + "[" + i + "]", "must be positive, got " + v[i]);
            }
        }
        return v;
    }

    private static ActionOutput action(String key, Fields f) {
        f.only(Set.of("type", "space", "shape", "gripper", "mean", "std", "chunk_interval_s", "max_linear",
            "max_angular"));
        String type = f.text("type");
        if (!type.equals("ACTION")) {
            throw f.error("type", "must be ACTION, got '" + type + "'");
        }
        String s = f.text("space");
        Space space = switch (s) {
            case "ee_delta" -> Space.EE_DELTA;
            case "joint_position" -> Space.JOINT_POSITION;
            default -> throw f.error("space", "unknown action space '" + s + "' (expected ee_delta or joint_position)");
        };
        int[] shape = f.shape("shape");
        if (shape.length != 2) {
            throw f.error("shape", "an action chunk is [chunk_size, action_dim], got " + Arrays.toString(shape));
        }
        boolean gripper = f.bool("gripper", true);
        int dims = shape[1];
        if (space == Space.EE_DELTA && dims != 6 + (gripper ? 1 : 0)) {
            throw f.error("shape", "ee_delta steps have " + (gripper ? "7 values (dx,dy,dz,droll,dpitch,dyaw,gripper)"
                : "6 values (dx,dy,dz,droll,dpitch,dyaw)") + ", got " + dims);
        }
        double maxLin = space == Space.EE_DELTA ? f.positive("max_linear") : 0;
        double maxAng = space == Space.EE_DELTA ? f.positive("max_angular") : 0;
        return new ActionOutput(key, space, shape[0], dims, gripper, f.floats("mean", dims, 0),
            positive(f, "std", f.floats("std", dims, 1)), f.positive("chunk_interval_s"), maxLin, maxAng);
    }

    private static List<Loop> loops(Fields r, String model, Set<String> features) {
        JsonNode n = r.raw("loops");
        if (!n.isArray() || n.isEmpty()) {
            throw r.error("loops", "must be a non-empty array of loops");
        }
        List<Loop> loops = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> outputs = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isObject()) {
                throw r.error("loops[" + i + "]", "must be an object");
            }
            Fields f = new Fields(r.file(), "loops[" + i + "]", n.get(i)).only(Set.of("name", "rate_hz", "model",
                "method", "inputs", "output", "latency", "pass_as"));
            String name = f.text("name");
            if (!names.add(name)) {
                throw f.error("name", "loop '" + name + "' is declared twice");
            }
            String latencyText = f.text("latency", "measured");
            LatencyModel latency;
            try {
                latency = LatencyModel.parse(latencyText);
            } catch (IllegalArgumentException e) {
                throw f.error("latency", e.getMessage());
            }
            String passAs = f.text("pass_as", "args");
            if (!passAs.equals("args") && !passAs.equals("dict")) {
                throw f.error("pass_as", "must be 'args' (positional tensors) or 'dict' (one Dict[str, Tensor]), got '"
                    + passAs + "'");
            }
            List<String> in = f.strings("inputs");
            if (in.isEmpty()) {
                throw f.error("inputs", "is empty");
            }
            String output = f.has("output") ? f.text("output") : null;
            if (output != null && (features.contains(output) || !outputs.add(output))) {
                throw f.error("output", "'" + output + "' is already an input feature or another loop's output");
            }
            loops.add(new Loop(name, f.positive("rate_hz"), f.text("model", model), f.text("method", "forward"),
                List.copyOf(in), output, latency, passAs.equals("dict")));
        }
        long actionLoops = loops.stream().filter(l -> l.output() == null).count();
        if (actionLoops != 1) {
            throw r.error("loops", "exactly one loop must publish actions (have no 'output'), got " + actionLoops);
        }
        for (int i = 0; i < loops.size(); i++) {
            for (String k : loops.get(i).inputs()) {
                if (!features.contains(k) && !outputs.contains(k)) {
                    throw r.error("loops[" + i + "].inputs", "'" + k + "' is neither an input feature "
                        + features + " nor a loop output " + outputs);
                }
                if (k.equals(loops.get(i).output())) {
                    throw r.error("loops[" + i + "].inputs", "a loop cannot read its own output '" + k + "'");
                }
            }
        }
        return List.copyOf(loops);
    }

    /** Validated non-null. */
    public TorchScriptSpec {
        Objects.requireNonNull(file, "file");
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
