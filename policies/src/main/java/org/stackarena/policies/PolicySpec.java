package org.stackarena.policies;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.stackarena.api.ActionSpace;
import org.stackarena.policies.PolicyJson.FieldException;

/**
 * The contents of {@code policy.json} of the built-in dual-system VLA, as nested records that mirror
 * the file: {@link Inputs} (camera, image size, crop, state normalisation, instruction vocabulary),
 * {@link Outputs} (action space, chunking, output normalisation, System 2's goal head), {@link Model}
 * (layer sizes) and {@link Loops} (rates), plus the free-form training record. Reading is strict
 * ({@link PolicyJson}): an unknown field (a typo such as {@code attention_heds}), a wrong type or an
 * out-of-range value is one line naming the file and field. {@link Model} and {@link Loops} are the
 * same records the trainer's options hold ({@link BcTrainer.Options}), so an architecture is
 * described once.
 *
 * @param format must be {@value #FORMAT}
 * @param architecture a name for people (not interpreted)
 * @param weights weights file name in the directory, {@value #WEIGHTS}
 * @param inputs what the model reads
 * @param outputs what it emits
 * @param model layer sizes
 * @param loops default loop rates
 * @param training free-form training record (command, data, losses); may be null
 * @param chunkExecution the checkpoint's chunk-execution strategy in
 *     {@link org.stackarena.api.policy.ChunkExecution#parse} syntax (e.g. {@code rtc}), null for the
 *     default (ensembling over one chunk's span); {@code --chunking} on the command line wins
 */
public record PolicySpec(@JsonProperty(required = true) String format, String architecture,
                         @JsonProperty(required = true) String weights, @JsonProperty(required = true) Inputs inputs,
                         @JsonProperty(required = true) Outputs outputs, @JsonProperty(required = true) Model model,
                         @JsonProperty(required = true) Loops loops,
                         @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode training,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String chunkExecution) {

    /** Validates the format and the weights file name. */
    public PolicySpec {
        if (!FORMAT.equals(format)) {
            throw new FieldException("format", "is '" + format + "', expected '" + FORMAT + "'"
                + ("stackarena-vla/1".equals(format) ? " (a checkpoint of the older architecture without the goal head; retrain it)" : ""));
        }
        if (weights == null || weights.isBlank() || weights.contains("/") || weights.contains("\\")) {
            throw new FieldException("weights", "must be a file name in the policy directory, got " + weights);
        }
        if (architecture == null) {
            architecture = ARCHITECTURE;
        }
        chunkExecution = PolicyJson.chunkExecution(chunkExecution);
    }

    /** A spec of the current format with the default architecture name and weights file. */
    public static PolicySpec of(Inputs inputs, Outputs outputs, Model model, Loops loops) {
        return new PolicySpec(FORMAT, ARCHITECTURE, WEIGHTS, inputs, outputs, model, loops, null, null);
    }

    /**
     * {@code inputs}: what System 2 and System 1 read.
     *
     * @param cameras cameras System 2 reads (the first is used)
     * @param imageWidth model input width (camera frames are resized to it)
     * @param imageHeight model input height
     * @param crop region of the camera frame fed to the model, as fractions of its size: top, bottom,
     *     left, right (then area-resized to imageWidth x imageHeight)
     * @param stateKeys names of the proprioceptive state features
     * @param stateMean per-feature mean
     * @param stateStd per-feature standard deviation
     * @param instructionVocab instruction n-gram vocabulary ({@link InstructionEncoder})
     */
    public record Inputs(@JsonProperty(required = true) List<String> cameras,
                         @JsonProperty(required = true) int imageWidth, @JsonProperty(required = true) int imageHeight,
                         @JsonProperty(required = true) double[] crop,
                         @JsonProperty(required = true) List<String> stateKeys,
                         @JsonProperty(required = true) float[] stateMean, @JsonProperty(required = true) float[] stateStd,
                         @JsonProperty(required = true) List<String> instructionVocab) {
        /** Validates sizes, the crop and the statistics. */
        public Inputs {
            cameras = strings("cameras", cameras);
            positive("image_width", imageWidth);
            positive("image_height", imageHeight);
            if (crop.length != 4 || !(crop[0] >= 0 && crop[0] < crop[1] && crop[1] <= 1 && crop[2] >= 0
                && crop[2] < crop[3] && crop[3] <= 1)) {
                throw new FieldException("crop", "must be [top, bottom, left, right] fractions with 0 <= top < bottom"
                    + " <= 1 and 0 <= left < right <= 1, got " + java.util.Arrays.toString(crop));
            }
            stateKeys = strings("state_keys", stateKeys);
            finite("state_mean", stateMean, stateKeys.size());
            finite("state_std", stateStd, stateKeys.size());
            instructionVocab = strings("instruction_vocab", instructionVocab);
            crop = crop.clone();
        }
    }

    /**
     * {@code outputs}: what the model emits and how it is scaled.
     *
     * @param actionSpace {@code ee_delta} (checkpoints written so far) or {@code ee_pose}: the
     *     built-in architecture emits end-effector waypoints, published as the stack's action type
     * @param maxLinear bound on a waypoint's position step (m)
     * @param maxAngular bound on a waypoint's rotation step (rad)
     * @param chunkSize steps per action chunk
     * @param chunkIntervalS seconds between chunk steps
     * @param actionMean mean of the normalised outputs, {@code chunkSize x 9} (per chunk step: target
     *     EE position relative to the EE position at the tick, base-frame axes; target rotation columns)
     * @param actionStd their standard deviations, same layout
     * @param goalNames names of System 2's goal estimate, {@link #GOAL_NAMES}
     * @param goalMean mean of System 2's goal estimate (metres)
     * @param goalStd its standard deviation (the head predicts normalised values)
     */
    public record Outputs(@JsonProperty(required = true) String actionSpace,
                          @JsonProperty(required = true) double maxLinear, @JsonProperty(required = true) double maxAngular,
                          @JsonProperty(required = true) int chunkSize, @JsonProperty(required = true) double chunkIntervalS,
                          @JsonProperty(required = true) float[] actionMean, @JsonProperty(required = true) float[] actionStd,
                          List<String> goalNames, @JsonProperty(required = true) float[] goalMean,
                          @JsonProperty(required = true) float[] goalStd) {
        /** Validates the action space, bounds and array sizes. */
        public Outputs {
            if (!ACTION_SPACES.contains(actionSpace)) {
                throw new FieldException("action_space", "unknown action space '" + actionSpace
                    + "' (the built-in architecture emits " + String.join(" or ", ACTION_SPACES) + ")");
            }
            positive("max_linear", maxLinear);
            positive("max_angular", maxAngular);
            positive("chunk_size", chunkSize);
            positive("chunk_interval_s", chunkIntervalS);
            for (String f : List.of("action_mean", "action_std")) {
                float[] v = f.equals("action_mean") ? actionMean : actionStd;
                if (v.length != chunkSize * NORM_DIM) {
                    throw new FieldException(f, "must hold outputs.chunk_size x " + NORM_DIM + " = " + chunkSize + " x "
                        + NORM_DIM + " numbers, got " + v.length);
                }
                finite(f, v, v.length);
            }
            if (goalNames == null) {
                goalNames = GOAL_NAMES;
            } else if (!goalNames.equals(GOAL_NAMES)) {
                throw new FieldException("goal_names", "must be " + GOAL_NAMES + ", got " + goalNames);
            }
            finite("goal_mean", goalMean, GOAL_DIM);
            finite("goal_std", goalStd, GOAL_DIM);
        }
    }

    /**
     * {@code model}: layer sizes (also the trainer's architecture options).
     *
     * @param latentDim System 2 latent size (0: System 2 outputs only its goal estimate)
     * @param channels conv channels of the three image layers
     * @param textDim instruction embedding size
     * @param hidden hidden width of the MLPs
     * @param attentionHeads instruction-conditioned attention heads over the last feature maps (0: none,
     *     the architecture of checkpoints written before they existed)
     * @param system1Anchors whether System 1 expresses each waypoint as a learned mix of three anchors
     *     (the end effector, the named object, the goal point) plus offsets (false in checkpoints written
     *     before it existed)
     */
    public record Model(@JsonProperty(required = true) int latentDim, @JsonProperty(required = true) int[] channels,
                        @JsonProperty(required = true) int textDim, @JsonProperty(required = true) int hidden,
                        int attentionHeads, boolean system1Anchors) {
        /** Validates sizes. */
        public Model {
            if (latentDim < 0) {
                throw new FieldException("latent_dim", "must be an integer >= 0, got " + latentDim);
            }
            if (channels.length != 3) {
                throw new FieldException("channels", "needs 3 values, got " + channels.length);
            }
            for (int i = 0; i < 3; i++) {
                if (channels[i] <= 0) {
                    throw new FieldException("channels[" + i + "]", "must be a positive integer, got " + channels[i]);
                }
            }
            positive("text_dim", textDim);
            positive("hidden", hidden);
            if (attentionHeads < 0) {
                throw new FieldException("attention_heads", "must be an integer >= 0, got " + attentionHeads);
            }
            channels = channels.clone();
        }
    }

    /**
     * {@code loops}: default loop rates.
     *
     * @param system1Hz System 1 rate
     * @param system2Hz System 2 rate
     */
    public record Loops(@JsonProperty(required = true) double system1Hz, @JsonProperty(required = true) double system2Hz) {
        /** Validates the rates. */
        public Loops {
            positive("system1_hz", system1Hz);
            positive("system2_hz", system2Hz);
        }
    }

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

    /** Value of the {@code architecture} field written by the trainer. */
    public static final String ARCHITECTURE = "dual-system-cnn-film-spatial-softmax-goal";
    /** Values of {@code outputs.action_space}. */
    public static final List<String> ACTION_SPACES = List.of("ee_delta", "ee_pose");

    /**
     * Lower corner of the workspace box the built-in VLA's {@link ActionSpace.Type#EE_POSE} waypoints are
     * clamped into (base frame, m): the table top (x in [-0.2, 1.0], y in [-0.45, 0.45]) from its surface
     * up to 0.8 m. Do not modify.
     */
    public static final double[] WORKSPACE_LOW = {-0.2, -0.45, 0.0};
    /** Upper corner of that box. Do not modify. */
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
        return new PolicySpec(format, architecture, weights, inputs, outputs, model, loops, t, chunkExecution);
    }

    /** Serialises to the policy.json text. */
    public String toJson() {
        return PolicyJson.write(this);
    }

    /**
     * Parses and validates policy.json text.
     *
     * @param file the file name used in messages
     * @throws CheckpointException one line naming the file and field
     */
    public static PolicySpec parse(String file, String text) {
        return PolicyJson.read(file, text, PolicySpec.class);
    }

    // Flat views of the nested fields, for the code that runs and trains the model.

    /** {@code inputs.image_width}. */
    public int imageWidth() {
        return inputs.imageWidth();
    }

    /** {@code inputs.image_height}. */
    public int imageHeight() {
        return inputs.imageHeight();
    }

    /** {@code inputs.cameras}. */
    public List<String> cameras() {
        return inputs.cameras();
    }

    /** {@code inputs.state_keys}. */
    public List<String> stateKeys() {
        return inputs.stateKeys();
    }

    /** {@code inputs.state_mean} (not copied: do not modify). */
    public float[] stateMean() {
        return inputs.stateMean();
    }

    /** {@code inputs.state_std} (not copied: do not modify). */
    public float[] stateStd() {
        return inputs.stateStd();
    }

    /** {@code inputs.instruction_vocab}. */
    public List<String> vocab() {
        return inputs.instructionVocab();
    }

    /** {@code inputs.crop}. */
    public double[] crop() {
        return inputs.crop();
    }

    /** {@code outputs.action_space}. */
    public String actionSpace() {
        return outputs.actionSpace();
    }

    /** {@code outputs.max_linear}. */
    public double maxLinear() {
        return outputs.maxLinear();
    }

    /** {@code outputs.max_angular}. */
    public double maxAngular() {
        return outputs.maxAngular();
    }

    /** {@code outputs.chunk_size}. */
    public int chunkSize() {
        return outputs.chunkSize();
    }

    /** {@code outputs.chunk_interval_s}. */
    public double chunkInterval() {
        return outputs.chunkIntervalS();
    }

    /** {@code outputs.action_mean}. */
    public float[] actionMean() {
        return outputs.actionMean();
    }

    /** {@code outputs.action_std}. */
    public float[] actionStd() {
        return outputs.actionStd();
    }

    /** {@code outputs.goal_mean}. */
    public float[] goalMean() {
        return outputs.goalMean();
    }

    /** {@code outputs.goal_std}. */
    public float[] goalStd() {
        return outputs.goalStd();
    }

    /** {@code model.latent_dim}. */
    public int latentDim() {
        return model.latentDim();
    }

    /** {@code model.channels}. */
    public int[] channels() {
        return model.channels();
    }

    /** {@code model.text_dim}. */
    public int textDim() {
        return model.textDim();
    }

    /** {@code model.hidden}. */
    public int hidden() {
        return model.hidden();
    }

    /** {@code model.attention_heads}. */
    public int attentionHeads() {
        return model.attentionHeads();
    }

    /** {@code model.system1_anchors}. */
    public boolean anchoredWaypoints() {
        return model.system1Anchors();
    }

    /** {@code loops.system1_hz}. */
    public double system1Hz() {
        return loops.system1Hz();
    }

    /** {@code loops.system2_hz}. */
    public double system2Hz() {
        return loops.system2Hz();
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new FieldException(field, "must be a positive number, got " + v);
        }
    }

    private static void positive(String field, int v) {
        if (v <= 0) {
            throw new FieldException(field, "must be a positive integer, got " + v);
        }
    }

    private static void finite(String field, float[] v, int expected) {
        if (v.length != expected) {
            throw new FieldException(field, "must be an array of " + expected + " numbers, got " + v.length + " values");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new FieldException(field + "[" + i + "]", "must be a finite number");
            }
        }
    }

    private static List<String> strings(String field, List<String> v) {
        if (v.isEmpty()) {
            throw new FieldException(field, "is empty");
        }
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i) == null) {
                throw new FieldException(field + "[" + i + "]", "must be a string");
            }
        }
        return List.copyOf(v);
    }
}
