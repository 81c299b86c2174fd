package org.stackarena.policies.wam;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.stackarena.policies.PolicyJson;
import org.stackarena.policies.PolicyJson.FieldException;

/**
 * The {@code policy.json} of a world-action-model checkpoint (format {@value #FORMAT}), read strictly
 * ({@link PolicyJson}: unknown fields, wrong types and bad values are one line naming the file and field).
 *
 * @param format {@value #FORMAT}
 * @param architecture free text, {@value #ARCHITECTURE} by default
 * @param weights the world model's weights file in the directory ({@value #WEIGHTS})
 * @param encoder the sub-directory holding the frozen VLA checkpoint ({@code stackarena-vla/2}) whose System 2
 *     encodes image + instruction and whose System 1 proposes chunks
 * @param model layer sizes
 * @param normalisation input and decoded-state statistics
 * @param planner the planning budget and noise
 * @param loops loop rates
 * @param training free-form training record, may be null
 * @param chunkExecution the tracker's chunk execution ({@code ChunkExecution.parse} syntax), null for the
 *     default ({@code ensemble:<horizon * 0.1>s})
 */
public record WamSpec(@JsonProperty(required = true) String format, String architecture,
                      @JsonProperty(required = true) String weights, @JsonProperty(required = true) String encoder,
                      @JsonProperty(required = true) Model model,
                      @JsonProperty(required = true) Normalisation normalisation,
                      @JsonProperty(required = true) Planner planner, @JsonProperty(required = true) Loops loops,
                      @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode training,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String chunkExecution) {

    /** Value of {@code format}. */
    public static final String FORMAT = "stackarena-wam/1";
    /** Default {@code architecture}. */
    public static final String ARCHITECTURE = "frozen-vla-system2-encoder+mlp-latent-dynamics+mppi";
    /** Default weights file. */
    public static final String WEIGHTS = "wam.params";
    /** Default encoder sub-directory. */
    public static final String ENCODER = "encoder";
    /** What each imagined latent decodes to (metres; progress 0..1). */
    public static final List<String> DECODED = List.of("ee_x", "ee_y", "ee_z", "gripper_width", "object_x",
        "object_y", "object_z", "progress");
    /** Size of a decoded state. */
    public static final int DECODED_DIM = 8;
    /** Per imagined step: the end effector's displacement (m, base frame) and the gripper command (0..1). */
    public static final List<String> ACTION_NAMES = List.of("dx", "dy", "dz", "gripper");
    /** Size of one action step. */
    public static final int ACTION_DIM = 4;
    /** Observation features: System 2's goal estimate (11, normalised as the VLA does) and the 10 state features. */
    public static final int INPUT_DIM = 21;
    /** Seconds between imagined steps (the demonstrations' 10 Hz, the VLA's chunk interval). */
    public static final double STEP_S = 0.1;

    /** Validates format, file names and the chunk execution. */
    public WamSpec {
        if (!FORMAT.equals(format)) {
            throw new FieldException("format", "is '" + format + "', expected '" + FORMAT + "'");
        }
        fileName("weights", weights);
        fileName("encoder", encoder);
        if (architecture == null) {
            architecture = ARCHITECTURE;
        }
        chunkExecution = PolicyJson.chunkExecution(chunkExecution);
    }

    private static void fileName(String field, String v) {
        if (v == null || v.isBlank() || v.contains("/") || v.contains("\\") || v.equals("..") || v.equals(".")) {
            throw new FieldException(field, "must be a name in the policy directory, got " + v);
        }
    }

    /**
     * {@code model}.
     *
     * @param latentDim latent state size
     * @param hidden hidden layer width of the encoder, dynamics and heads
     * @param trainHorizon steps of the latent rollout the model was trained on
     */
    public record Model(@JsonProperty(required = true) int latentDim, @JsonProperty(required = true) int hidden,
                        @JsonProperty(required = true) int trainHorizon) {
        /** Validates sizes. */
        public Model {
            positive("latent_dim", latentDim);
            positive("hidden", hidden);
            positive("train_horizon", trainHorizon);
        }
    }

    /**
     * {@code normalisation}: inputs are {@code (x - input_mean) / input_std}; decoded values are
     * {@code raw * decoded_std + decoded_mean}; action displacements are divided by {@code action_scale_m}.
     */
    public record Normalisation(@JsonProperty(required = true) float[] inputMean,
                                @JsonProperty(required = true) float[] inputStd,
                                @JsonProperty(required = true) float[] decodedMean,
                                @JsonProperty(required = true) float[] decodedStd,
                                @JsonProperty(required = true) double actionScaleM) {
        /** Validates lengths and positivity. */
        public Normalisation {
            length("input_mean", inputMean, INPUT_DIM);
            length("input_std", inputStd, INPUT_DIM);
            length("decoded_mean", decodedMean, DECODED_DIM);
            length("decoded_std", decodedStd, DECODED_DIM);
            positiveAll("input_std", inputStd);
            positiveAll("decoded_std", decodedStd);
            positive("action_scale_m", actionScaleM);
            inputMean = inputMean.clone();
            inputStd = inputStd.clone();
            decodedMean = decodedMean.clone();
            decodedStd = decodedStd.clone();
        }
    }

    /**
     * {@code planner}: MPPI around the proposal's chunk.
     *
     * @param samples candidates per iteration (the first is the current mean), >= 2
     * @param horizon imagined steps, 1..10 (the proposal's chunk)
     * @param iterations MPPI iterations, >= 1
     * @param noiseM standard deviation of the per-step displacement noise (m), >= 0
     * @param temperature MPPI temperature in cost units (m), > 0
     * @param priorWeight weight of the squared distance (m^2) of a candidate's waypoints from the proposal's
     */
    public record Planner(@JsonProperty(required = true) int samples, @JsonProperty(required = true) int horizon,
                          @JsonProperty(required = true) int iterations, @JsonProperty(required = true) double noiseM,
                          @JsonProperty(required = true) double temperature,
                          @JsonProperty(required = true) double priorWeight) {
        /** Validates the budget. */
        public Planner {
            if (samples < 2) {
                throw new FieldException("samples", "must be an integer >= 2, got " + samples);
            }
            if (horizon < 1 || horizon > 10) {
                throw new FieldException("horizon", "must be an integer in 1..10 (the proposal's chunk), got " + horizon);
            }
            positive("iterations", iterations);
            if (!(noiseM >= 0 && noiseM < 0.1)) {
                throw new FieldException("noise_m", "must be in [0, 0.1) m, got " + noiseM);
            }
            positive("temperature", temperature);
            if (!(priorWeight >= 0 && Double.isFinite(priorWeight))) {
                throw new FieldException("prior_weight", "must be a number >= 0, got " + priorWeight);
            }
        }

        /** This budget with {@code samples} and {@code horizon} replaced. */
        public Planner withBudget(int samples, int horizon) {
            return new Planner(samples, horizon, iterations, noiseM, temperature, priorWeight);
        }
    }

    /**
     * {@code loops}.
     *
     * @param plannerHz the imagination (planning) loop's rate
     * @param trackerHz the tracking loop's rate
     */
    public record Loops(@JsonProperty(required = true) double plannerHz, @JsonProperty(required = true) double trackerHz) {
        /** Validates the rates. */
        public Loops {
            positive("planner_hz", plannerHz);
            positive("tracker_hz", trackerHz);
        }
    }

    /** A copy with another training record. */
    public WamSpec withTraining(JsonNode t) {
        return new WamSpec(format, architecture, weights, encoder, model, normalisation, planner, loops, t, chunkExecution);
    }

    /** A copy with another planner. */
    public WamSpec withPlanner(Planner p) {
        return new WamSpec(format, architecture, weights, encoder, model, normalisation, p, loops, training, chunkExecution);
    }

    /** The policy.json text. */
    public String toJson() {
        return PolicyJson.write(this);
    }

    /**
     * Parses and validates policy.json text.
     *
     * @param file the file name for messages
     * @throws org.stackarena.policies.CheckpointException one line naming the file and field
     */
    public static WamSpec parse(String file, String text) {
        return PolicyJson.read(file, text, WamSpec.class);
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new FieldException(field, "must be positive, got " + v);
        }
    }

    private static void length(String field, float[] v, int n) {
        if (v == null || v.length != n) {
            throw new FieldException(field, "needs " + n + " values, got " + (v == null ? 0 : v.length));
        }
    }

    private static void positiveAll(String field, float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0) || !Float.isFinite(v[i])) {
                throw new FieldException(field + "[" + i + "]", "must be positive, got " + v[i]);
            }
        }
    }
}
