package org.stackarena.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.stackarena.api.ActionSpace;

/**
 * The contents of {@code policy.json}: what the built-in dual-system VLA reads and emits, its
 * normalisation statistics, instruction vocabulary, layer sizes and loop rates.
 *
 * @param imageWidth model input width (camera frames are resized to it)
 * @param imageHeight model input height
 * @param cameras cameras System 2 reads (the first is used)
 * @param stateKeys names of the proprioceptive state features
 * @param stateMean per-feature mean
 * @param stateStd per-feature standard deviation
 * @param vocab instruction n-gram vocabulary ({@link InstructionEncoder})
 * @param actionSpace "ee_delta" (the only one the built-in architecture emits)
 * @param maxLinear EE_DELTA bound on dx, dy, dz (m)
 * @param maxAngular EE_DELTA bound on droll, dpitch, dyaw (rad)
 * @param chunkSize steps per action chunk
 * @param chunkInterval seconds between chunk steps
 * @param actionMean mean of the normalised outputs, {@code chunkSize x 9} (per chunk step: target
 *     EE position relative to the EE position at the tick, base-frame axes; target rotation columns)
 * @param actionStd their standard deviations, same layout
 * @param latentDim System 2 latent size (0: System 2 outputs only its goal estimate)
 * @param channels conv channels of the three image layers
 * @param textDim instruction embedding size
 * @param hidden hidden width of the MLPs
 * @param system1Hz default System 1 rate
 * @param system2Hz default System 2 rate
 * @param training free-form training record (command, data, losses); may be null
 * @param crop region of the camera frame fed to the model, as fractions of its size: top, bottom,
 *     left, right (then area-resized to imageWidth x imageHeight)
 * @param goalMean mean of System 2's goal estimate ({@link #GOAL_NAMES}, metres)
 * @param goalStd its standard deviation (the head predicts normalised values)
 * @param attentionHeads instruction-conditioned attention heads over the last feature maps (0: none,
 *     the architecture of checkpoints written before they existed; {@code model.attention_heads})
 * @param anchoredWaypoints whether System 1 expresses each waypoint as a learned mix of three anchors (the
 *     end effector, the named object, the goal point) plus offsets ({@code model.system1_anchors}; false in
 *     checkpoints written before it existed)
 */
public record PolicySpec(int imageWidth, int imageHeight, List<String> cameras, List<String> stateKeys,
                         float[] stateMean, float[] stateStd, List<String> vocab, String actionSpace,
                         double maxLinear, double maxAngular, int chunkSize, double chunkInterval,
                         float[] actionMean, float[] actionStd, int latentDim, int[] channels, int textDim,
                         int hidden, double system1Hz, double system2Hz, JsonNode training, double[] crop,
                         float[] goalMean, float[] goalStd, int attentionHeads,
                         boolean anchoredWaypoints) {

    /** Value of the {@code format} field. */
    public static final String FORMAT = "stackarena-vla/2";
    /** Task families System 2 tells apart (one output each, one-hot targets). */
    public static final List<String> TASKS = org.stackarena.api.TaskFamily.ids();
    /**
     * System 2's goal estimate: the named object's centre and the goal point (base frame, metres),
     * then one score per {@link #TASKS} entry (what to do with the object).
     */
    public static final List<String> GOAL_NAMES = List.of("object_x", "object_y", "object_z", "goal_x", "goal_y",
        "goal_z", "task_reach", "task_pick-lift", "task_pick-place", "task_push", "task_stack");
    /** Positions in the goal estimate (object and goal point). */
    public static final int POSITION_DIM = 6;
    /** Size of the goal estimate. */
    public static final int GOAL_DIM = POSITION_DIM + 5;
    /** Weights file name. */
    public static final String WEIGHTS = "vla.params";
    /**
     * Per-step model outputs: target EE position in the base frame (3), target
     * rotation as its first two matrix columns (6), gripper command (1).
     */
    public static final int ACTION_DIM = 10;
    /** Normalised outputs per step (all but the gripper). */
    public static final int NORM_DIM = 9;
    /**
     * Extra System 1 outputs per chunk step with anchored waypoints: offset from the object (3), offset
     * from the goal point (3), anchor weights (3: end effector, object, goal).
     */
    public static final int ANCHOR_DIM = 9;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Lower corner of the workspace box the built-in VLA's {@link ActionSpace.Type#EE_POSE} waypoints are
     * clamped into (base frame, m): the table top (x in [-0.2, 1.0], y in [-0.45, 0.45]) from its surface
     * up to 0.8 m.
     */
    public static final double[] WORKSPACE_LOW = {-0.2, -0.45, 0.0};
    /** Upper corner of that box. */
    public static final double[] WORKSPACE_HIGH = {1.0, 0.45, 0.8};

    /**
     * The stack's action space: absolute end-effector poses in the workspace box. (The checkpoint's
     * {@code outputs.action_space} {@code "ee_delta"} and {@code max_linear} describe the training
     * targets; at run time each waypoint's step from the previous one is still bounded by
     * {@code max_linear} per axis.)
     */
    public ActionSpace space() {
        return ActionSpace.eePose(WORKSPACE_LOW, WORKSPACE_HIGH);
    }

    /** A copy with a different training record. */
    public PolicySpec withTraining(JsonNode t) {
        return new PolicySpec(imageWidth, imageHeight, cameras, stateKeys, stateMean, stateStd, vocab, actionSpace,
            maxLinear, maxAngular, chunkSize, chunkInterval, actionMean, actionStd, latentDim, channels, textDim,
            hidden, system1Hz, system2Hz, t, crop, goalMean, goalStd, attentionHeads, anchoredWaypoints);
    }

    /** Serialises to the policy.json text. */
    public String toJson() {
        ObjectNode r = JSON.createObjectNode();
        r.put("format", FORMAT);
        r.put("architecture", "dual-system-cnn-film-spatial-softmax-goal");
        r.put("weights", WEIGHTS);
        ObjectNode in = r.putObject("inputs");
        strings(in.putArray("cameras"), cameras);
        in.put("image_width", imageWidth);
        in.put("image_height", imageHeight);
        ArrayNode cr = in.putArray("crop");
        for (double c : crop) {
            cr.add(c);
        }
        strings(in.putArray("state_keys"), stateKeys);
        floats(in.putArray("state_mean"), stateMean);
        floats(in.putArray("state_std"), stateStd);
        strings(in.putArray("instruction_vocab"), vocab);
        ObjectNode out = r.putObject("outputs");
        out.put("action_space", actionSpace);
        out.put("max_linear", maxLinear);
        out.put("max_angular", maxAngular);
        out.put("chunk_size", chunkSize);
        out.put("chunk_interval_s", chunkInterval);
        floats(out.putArray("action_mean"), actionMean);
        floats(out.putArray("action_std"), actionStd);
        strings(out.putArray("goal_names"), GOAL_NAMES);
        floats(out.putArray("goal_mean"), goalMean);
        floats(out.putArray("goal_std"), goalStd);
        ObjectNode m = r.putObject("model");
        m.put("latent_dim", latentDim);
        ArrayNode ch = m.putArray("channels");
        for (int c : channels) {
            ch.add(c);
        }
        m.put("text_dim", textDim);
        m.put("hidden", hidden);
        m.put("attention_heads", attentionHeads);
        m.put("system1_anchors", anchoredWaypoints);
        ObjectNode l = r.putObject("loops");
        l.put("system1_hz", system1Hz);
        l.put("system2_hz", system2Hz);
        if (training != null) {
            r.set("training", training);
        }
        try {
            return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void strings(ArrayNode a, List<String> v) {
        v.forEach(a::add);
    }

    private static void floats(ArrayNode a, float[] v) {
        for (float f : v) {
            a.add(f);
        }
    }

    /**
     * Parses and validates policy.json text.
     *
     * @param file the file name used in messages
     * @throws CheckpointException one line naming the file and field
     */
    public static PolicySpec parse(String file, String text) {
        JsonNode r;
        try {
            r = JSON.readTree(text);
        } catch (IOException e) {
            throw new CheckpointException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (r == null || !r.isObject()) {
            throw new CheckpointException(file + ": not a JSON object");
        }
        Reader rd = new Reader(file, r);
        String format = rd.text("format");
        if (!FORMAT.equals(format)) {
            throw new CheckpointException(file + ": field format is '" + format + "', expected '" + FORMAT + "'"
                + ("stackarena-vla/1".equals(format) ? " (a checkpoint of the older architecture without the goal head; retrain it)" : ""));
        }
        String space = rd.text("outputs.action_space");
        if (!"ee_delta".equals(space)) {
            throw new CheckpointException(file + ": field outputs.action_space: unknown action space '" + space
                + "' (the built-in architecture emits ee_delta)");
        }
        List<String> stateKeys = rd.strings("inputs.state_keys");
        int chunk = rd.positiveInt("outputs.chunk_size");
        int[] channels = rd.ints("model.channels");
        if (channels.length != 3) {
            throw new CheckpointException(file + ": field model.channels needs 3 values, got " + channels.length);
        }
        PolicySpec s = new PolicySpec(rd.positiveInt("inputs.image_width"), rd.positiveInt("inputs.image_height"),
            rd.strings("inputs.cameras"), stateKeys, rd.floats("inputs.state_mean", stateKeys.size()),
            rd.floats("inputs.state_std", stateKeys.size()), rd.strings("inputs.instruction_vocab"), space,
            rd.positive("outputs.max_linear"), rd.positive("outputs.max_angular"), chunk,
            rd.positive("outputs.chunk_interval_s"), rd.perStep("outputs.action_mean", chunk),
            rd.perStep("outputs.action_std", chunk), rd.nonNegativeInt("model.latent_dim"), channels,
            rd.positiveInt("model.text_dim"), rd.positiveInt("model.hidden"), rd.positive("loops.system1_hz"),
            rd.positive("loops.system2_hz"), r.get("training"), rd.crop("inputs.crop"),
            rd.floats("outputs.goal_mean", GOAL_DIM), rd.floats("outputs.goal_std", GOAL_DIM),
            r.path("model").has("attention_heads") ? rd.nonNegativeInt("model.attention_heads") : 0,
            r.path("model").has("system1_anchors") && rd.bool("model.system1_anchors"));
        if (s.cameras().isEmpty()) {
            throw new CheckpointException(file + ": field inputs.cameras is empty");
        }
        if (s.vocab().isEmpty()) {
            throw new CheckpointException(file + ": field inputs.instruction_vocab is empty");
        }
        return s;
    }

    /** Field access with one-line errors. */
    private record Reader(String file, JsonNode root) {
        JsonNode node(String path) {
            JsonNode n = root;
            for (String p : path.split("\\.")) {
                n = n.get(p);
                if (n == null || n.isNull()) {
                    throw new CheckpointException(file + ": field " + path + " is missing");
                }
            }
            return n;
        }

        String text(String path) {
            JsonNode n = node(path);
            if (!n.isTextual()) {
                throw new CheckpointException(file + ": field " + path + " must be a string");
            }
            return n.asText();
        }

        boolean bool(String path) {
            JsonNode n = node(path);
            if (!n.isBoolean()) {
                throw new CheckpointException(file + ": field " + path + " must be true or false, got " + n);
            }
            return n.asBoolean();
        }

        double positive(String path) {
            JsonNode n = node(path);
            if (!n.isNumber() || !(n.asDouble() > 0) || !Double.isFinite(n.asDouble())) {
                throw new CheckpointException(file + ": field " + path + " must be a positive number, got " + n);
            }
            return n.asDouble();
        }

        int positiveInt(String path) {
            JsonNode n = node(path);
            if (!n.isIntegralNumber() || n.asInt() <= 0) {
                throw new CheckpointException(file + ": field " + path + " must be a positive integer, got " + n);
            }
            return n.asInt();
        }

        int nonNegativeInt(String path) {
            JsonNode n = node(path);
            if (!n.isIntegralNumber() || n.asInt() < 0) {
                throw new CheckpointException(file + ": field " + path + " must be an integer >= 0, got " + n);
            }
            return n.asInt();
        }

        List<String> strings(String path) {
            JsonNode n = node(path);
            if (!n.isArray()) {
                throw new CheckpointException(file + ": field " + path + " must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    throw new CheckpointException(file + ": field " + path + " must be an array of strings");
                }
                out.add(e.asText());
            }
            return out;
        }

        int[] ints(String path) {
            JsonNode n = node(path);
            if (!n.isArray()) {
                throw new CheckpointException(file + ": field " + path + " must be an array of integers");
            }
            int[] out = new int[n.size()];
            for (int i = 0; i < out.length; i++) {
                if (!n.get(i).isIntegralNumber() || n.get(i).asInt() <= 0) {
                    throw new CheckpointException(file + ": field " + path + "[" + i + "] must be a positive integer");
                }
                out[i] = n.get(i).asInt();
            }
            return out;
        }

        double[] crop(String path) {
            JsonNode n = node(path);
            if (!n.isArray() || n.size() != 4) {
                throw new CheckpointException(file + ": field " + path + " must be [top, bottom, left, right] fractions");
            }
            double[] c = new double[4];
            for (int i = 0; i < 4; i++) {
                c[i] = n.get(i).asDouble(-1);
            }
            if (!(c[0] >= 0 && c[0] < c[1] && c[1] <= 1 && c[2] >= 0 && c[2] < c[3] && c[3] <= 1)) {
                throw new CheckpointException(file + ": field " + path + " must satisfy 0 <= top < bottom <= 1 and "
                    + "0 <= left < right <= 1, got " + n);
            }
            return c;
        }

        float[] perStep(String path, int chunk) {
            JsonNode n = node(path);
            if (!n.isArray() || n.size() != chunk * NORM_DIM) {
                throw new CheckpointException(file + ": field " + path + " must hold outputs.chunk_size x " + NORM_DIM
                    + " = " + chunk + " x " + NORM_DIM + " numbers, got " + (n.isArray() ? n.size() : n.getNodeType()));
            }
            return floats(path, chunk * NORM_DIM);
        }

        float[] floats(String path, int expected) {
            JsonNode n = node(path);
            if (!n.isArray() || n.size() != expected) {
                throw new CheckpointException(file + ": field " + path + " must be an array of " + expected
                    + " numbers, got " + (n.isArray() ? n.size() + " values" : n.getNodeType()));
            }
            float[] out = new float[expected];
            for (int i = 0; i < expected; i++) {
                if (!n.get(i).isNumber() || !Double.isFinite(n.get(i).asDouble())) {
                    throw new CheckpointException(file + ": field " + path + "[" + i + "] must be a finite number");
                }
                out[i] = (float) n.get(i).asDouble();
            }
            return out;
        }
    }
}
