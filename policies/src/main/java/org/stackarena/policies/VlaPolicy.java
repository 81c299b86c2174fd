package org.stackarena.policies;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stackarena.policies.data.Geometry;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.Phase;
import org.stackarena.api.PhaseTimer;
import org.stackarena.api.Proprioception;

/**
 * A loaded built-in VLA checkpoint: the network, its {@link PolicySpec}, the inference calls and the
 * preprocessing helpers its translators use ({@link VlaStack} builds the stack). Not thread-safe (one
 * per stack).
 */
public final class VlaPolicy implements AutoCloseable {

    /**
     * Chunk steps the gripper command looks ahead: step k closes when any of steps k..k+4 says close.
     * The expert pauses with the gripper open at the bottom of a grasp before it closes, a timed wait
     * a stateless policy averages to "20 % closed" and so never closes; the chunk's later steps do
     * foresee the close.
     */
    static final int GRIPPER_LOOKAHEAD = 4;

    /** Classpath folder of the shipped checkpoint. */
    public static final String DEFAULT_RESOURCE = "org/stackarena/policies/checkpoints/vla-default/";

    private final PolicySpec spec;
    private final VlaNet net;
    private final NDManager manager;
    private final ParameterStore store;
    private final InstructionEncoder encoder;
    private long lastInferNanos;

    private VlaPolicy(PolicySpec spec, VlaNet net, NDManager manager) {
        this.spec = spec;
        this.net = net;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.encoder = new InstructionEncoder(spec.vocab());
    }

    /** A freshly initialised (untrained) network for {@code spec}, seeded. */
    public static VlaPolicy create(PolicySpec spec, long seed) {
        Djl.init();
        Engine.getInstance().setRandomSeed((int) seed);
        NDManager m = NDManager.newBaseManager();
        VlaNet net = new VlaNet(spec);
        net.initialize(m, DataType.FLOAT32, net.inputShapes(1));
        return new VlaPolicy(spec, net, m);
    }

    /** Loads the checkpoint directory {@code dir} (policy.json + vla.params). */
    public static VlaPolicy load(Path dir) {
        return load(dir, true);
    }

    /**
     * Loads a checkpoint whose System 2 is to be reused ({@code train --system2-from}): System 1's
     * parameter shapes are not checked, so a checkpoint of an older System 1 head still serves.
     */
    public static VlaPolicy loadSystem2Source(Path dir) {
        return load(dir, false);
    }

    private static VlaPolicy load(Path dir, boolean checkSystem1) {
        Path json = dir.resolve("policy.json");
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir + ": checkpoint directory does not exist");
        }
        if (!Files.isRegularFile(json)) {
            throw new CheckpointException(json + ": missing file");
        }
        try {
            PolicySpec spec = PolicySpec.parse(json.toString(), Files.readString(json, StandardCharsets.UTF_8));
            Path params = dir.resolve(PolicySpec.WEIGHTS);
            if (!Files.isRegularFile(params)) {
                throw new CheckpointException(params + ": missing file (policy.json field weights)");
            }
            return load(spec, params.toString(), Files.readAllBytes(params), checkSystem1);
        } catch (IOException e) {
            throw new CheckpointException(dir + ": cannot read checkpoint (" + e.getMessage() + ")", e);
        }
    }

    /** Loads the checkpoint shipped on the classpath. */
    public static VlaPolicy loadDefault() {
        return loadResource(DEFAULT_RESOURCE);
    }

    /**
     * Loads a checkpoint from the classpath folder {@code folder} (ending in {@code /}): its policy.json
     * and {@value PolicySpec#WEIGHTS}.
     */
    public static VlaPolicy loadResource(String folder) {
        ClassLoader cl = VlaPolicy.class.getClassLoader();
        try (InputStream j = cl.getResourceAsStream(folder + "policy.json");
             InputStream p = cl.getResourceAsStream(folder + PolicySpec.WEIGHTS)) {
            if (j == null || p == null) {
                throw new CheckpointException("classpath:" + folder + (j == null ? "policy.json" : PolicySpec.WEIGHTS)
                    + ": missing file (no shipped checkpoint in this build)");
            }
            PolicySpec spec = PolicySpec.parse("classpath:" + folder + "policy.json",
                new String(j.readAllBytes(), StandardCharsets.UTF_8));
            return load(spec, "classpath:" + folder + PolicySpec.WEIGHTS, p.readAllBytes(), true);
        } catch (IOException e) {
            throw new CheckpointException("classpath:" + folder + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static VlaPolicy load(PolicySpec spec, String paramsName, byte[] bytes, boolean checkSystem1) {
        Djl.init();
        NDManager m = NDManager.newBaseManager();
        try {
            VlaNet net = new VlaNet(spec);
            net.initialize(m, DataType.FLOAT32, net.inputShapes(1));
            Map<String, Shape> expected = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                expected.put(p.getKey(), p.getValue().getArray().getShape());
            }
            ByteArrayInputStream raw = new ByteArrayInputStream(bytes);
            DataInputStream in = new DataInputStream(raw);
            try {
                net.loadParameters(m, in);
            } catch (MalformedModelException | IOException | RuntimeException e) {
                throw new CheckpointException(paramsName + ": corrupt or not matching policy.json ("
                    + oneLine(e) + ")", e);
            }
            if (raw.available() > 0) {
                throw new CheckpointException(paramsName + ": " + raw.available()
                    + " bytes left after the last parameter: weights do not match policy.json (field model)");
            }
            for (Pair<String, Parameter> p : net.getParameters()) {
                Shape want = expected.get(p.getKey());
                Shape got = p.getValue().getArray().getShape();
                if (!got.equals(want) && (checkSystem1 || !BcTrainer.isSystem1(p.getKey()))) {
                    throw new CheckpointException(paramsName + ": parameter " + p.getKey() + " has shape " + got
                        + " but policy.json (field " + fieldOf(p.getKey()) + ") implies " + want);
                }
            }
            return new VlaPolicy(spec, net, m);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private static String oneLine(Throwable e) {
        String s = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The policy.json fields that determine a parameter's shape. */
    static String fieldOf(String parameter) {
        if (parameter.contains("conv1")) {
            return "model.channels[0]";
        } else if (parameter.contains("conv2")) {
            return "model.channels[1]";
        } else if (parameter.contains("conv3")) {
            return "model.channels[2]";
        } else if (parameter.contains("text")) {
            return "inputs.instruction_vocab / model.text_dim";
        } else if (parameter.contains("attn")) {
            return "model.attention_heads / model.channels[2]";
        } else if (parameter.contains("film")) {
            return "model.text_dim / model.channels[2]";
        } else if (parameter.contains("goal")) {
            return "model.hidden / outputs.goal_mean";
        } else if (parameter.contains("fuse1")) {
            return "model.hidden";
        } else if (parameter.contains("fuse2")) {
            return "model.latent_dim";
        } else if (parameter.contains("s1a")) {
            return "inputs.state_keys / model.latent_dim / model.hidden";
        } else if (parameter.contains("s1out")) {
            return "outputs.chunk_size / model.system1_anchors";
        }
        return "model";
    }

    /** Writes policy.json and vla.params into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            net.saveParameters(out);
        }
        Files.write(dir.resolve(PolicySpec.WEIGHTS), bytes.toByteArray());
        Files.writeString(dir.resolve("policy.json"), spec.toJson(), StandardCharsets.UTF_8);
    }

    /** The spec. */
    public PolicySpec spec() {
        return spec;
    }

    /** The network (for training). */
    public VlaNet net() {
        return net;
    }

    /** The manager owning the parameters. */
    public NDManager manager() {
        return manager;
    }

    /** The instruction encoder. */
    public InstructionEncoder encoder() {
        return encoder;
    }

    /** Wall time of the last {@link #system1}/{@link #system2} inference call, nanoseconds. */
    public long lastInferNanos() {
        return lastInferNanos;
    }

    /** A camera frame as model input: 3 x H x W floats in [-0.5, 0.5], resized if needed. */
    public float[] image(CameraFrame f) {
        return image(f.rgb(), f.width(), f.height(), spec.imageWidth(), spec.imageHeight(), spec.crop());
    }

    /**
     * RGB bytes (H x W x 3, top row first) as 3 x outH x outW floats in [-0.5, 0.5]: the crop box
     * (fractions top, bottom, left, right) resized by area averaging (so a frame rendered at any
     * resolution gives about the same input).
     */
    public static float[] image(byte[] rgb, int w, int h, int outW, int outH, double[] crop) {
        return image(rgb, w, h, outW, outH, crop, new float[3 * outW * outH]);
    }

    /** {@link #image(CameraFrame)} written into {@code out} ({@code 3 * imageWidth * imageHeight} floats). */
    public float[] image(CameraFrame f, float[] out) {
        return image(f.rgb(), f.width(), f.height(), spec.imageWidth(), spec.imageHeight(), spec.crop(), out);
    }

    /** {@link #image(byte[], int, int, int, int, double[])} written into {@code out}; returns it. */
    public static float[] image(byte[] rgb, int w, int h, int outW, int outH, double[] crop, float[] out) {
        int plane = outW * outH;
        int top = (int) Math.round(crop[0] * h), bottom = Math.max(top + 1, (int) Math.round(crop[1] * h));
        int left = (int) Math.round(crop[2] * w), right = Math.max(left + 1, (int) Math.round(crop[3] * w));
        int ch = bottom - top, cw = right - left;
        for (int y = 0; y < outH; y++) {
            int y0 = top + y * ch / outH, y1 = Math.max(y0 + 1, top + (y + 1) * ch / outH);
            for (int x = 0; x < outW; x++) {
                int x0 = left + x * cw / outW, x1 = Math.max(x0 + 1, left + (x + 1) * cw / outW);
                int r = 0, g = 0, b = 0;
                for (int sy = y0; sy < y1; sy++) {
                    for (int sx = x0; sx < x1; sx++) {
                        int s = (sy * w + sx) * 3;
                        r += rgb[s] & 0xff;
                        g += rgb[s + 1] & 0xff;
                        b += rgb[s + 2] & 0xff;
                    }
                }
                float n = 255f * (y1 - y0) * (x1 - x0);
                int d = y * outW + x;
                out[d] = r / n - 0.5f;
                out[plane + d] = g / n - 0.5f;
                out[2 * plane + d] = b / n - 0.5f;
            }
        }
        return out;
    }

    /** Normalised state features of {@code p}. */
    public float[] state(Proprioception p) {
        return normalise(features(p));
    }

    /** Normalises unnormalised state features with the checkpoint's statistics. */
    public float[] normalise(float[] s) {
        return normalise(s, new float[s.length]);
    }

    /**
     * System 2 inference: image (from {@link #image}) + instruction -> System 2's output (the latent,
     * then the normalised goal estimate; see {@link #goal}).
     */
    public float[] system2(float[] image, String instruction) {
        Djl.initThread();
        float[] instr = encoder.encode(instruction);
        long t0 = System.nanoTime();
        try (NDManager m = manager.newSubManager()) {
            NDArray img = m.create(image, new Shape(1, 3, spec.imageHeight(), spec.imageWidth()));
            NDArray txt = m.create(instr, new Shape(1, instr.length));
            float[] out = net.system2(store, img, txt, false).toFloatArray();
            lastInferNanos = System.nanoTime() - t0;
            return out;
        }
    }

    /**
     * System 2 on a camera frame, recording the {@link Phase#PREPROCESS} (resize) and
     * {@link Phase#INFER} times in {@code phases}; returns what {@link #system2(float[], String)} does.
     */
    public float[] system2(CameraFrame frame, String instruction, PhaseTimer phases) {
        long t0 = System.nanoTime();
        float[] img = image(frame);
        long t1 = System.nanoTime();
        float[] out = system2(img, instruction);
        phases.record(Phase.PREPROCESS, t1 - t0);
        phases.record(Phase.INFER, System.nanoTime() - t1);
        return out;
    }

    /**
     * System 2's goal estimate in metres (base frame), {@link PolicySpec#GOAL_NAMES}: where it believes
     * the named object is and where it has to go, read from {@code system2} (an output of {@link #system2}).
     */
    public double[] goal(float[] system2) {
        double[] g = new double[PolicySpec.GOAL_DIM];
        int l = spec.latentDim();
        for (int i = 0; i < g.length; i++) {
            g[i] = system2[l + i] * spec.goalStd()[i] + spec.goalMean()[i];
        }
        return g;
    }

    /** System 1 inference: System 2's output + normalised state -> raw outputs (chunk x 10, normalised). */
    public float[] system1(float[] latent, float[] state) {
        Djl.initThread();
        long t0 = System.nanoTime();
        try (NDManager m = manager.newSubManager()) {
            float[] out = net.system1Sample(store, m, latent, state);
            lastInferNanos = System.nanoTime() - t0;
            return out;
        }
    }

    /** Unnormalised state features of {@code p} ({@link Geometry#FEATURE_NAMES}). */
    public float[] features(Proprioception p) {
        return features(p, new float[Geometry.FEATURE_NAMES.size()]);
    }

    /**
     * Unnormalised state features of {@code p} written into {@code out} (10 values), allocating nothing:
     * the same numbers as {@link Geometry#features} of {@link Geometry#state}.
     *
     * @return {@code out}
     */
    public static float[] features(Proprioception p, float[] out) {
        double[] e = p.eePosition();
        double[] q = p.eeQuaternion();
        // Geometry.state flips the quaternion's sign for w < 0 and rounds it to float first
        double s = q[0] < 0 ? -1 : 1;
        double w = (float) (s * q[0]), x = (float) (s * q[1]), y = (float) (s * q[2]), z = (float) (s * q[3]);
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        if (n > 0) {
            w /= n;
            x /= n;
            y /= n;
            z /= n;
        }
        out[0] = (float) e[0];
        out[1] = (float) e[1];
        out[2] = (float) e[2];
        out[3] = (float) (1 - 2 * (y * y + z * z));
        out[4] = (float) (2 * (x * y + w * z));
        out[5] = (float) (2 * (x * z - w * y));
        out[6] = (float) (2 * (x * y - w * z));
        out[7] = (float) (1 - 2 * (x * x + z * z));
        out[8] = (float) (2 * (y * z + w * x));
        out[9] = (float) p.gripperWidth();
        return out;
    }

    /**
     * Normalises unnormalised state features {@code s} into {@code out} with the checkpoint's statistics.
     *
     * @return {@code out}
     */
    public float[] normalise(float[] s, float[] out) {
        for (int i = 0; i < s.length; i++) {
            out[i] = (s[i] - spec.stateMean()[i]) / spec.stateStd()[i];
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
