package org.stackarena.policies.wam;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stackarena.policies.CheckpointException;
import org.stackarena.policies.Djl;
import org.stackarena.policies.PolicySpec;
import org.stackarena.policies.VlaPolicy;

/**
 * A world-action-model checkpoint in memory: the {@link WamSpec}, the trained {@link WamNet} and the frozen
 * VLA checkpoint ({@code encoder/}) whose System 2 encodes image + instruction and whose System 1 proposes
 * chunks. Owns the native memory of both; {@link #close} frees it.
 */
public final class WamPolicy implements AutoCloseable {

    /** Classpath folder of the shipped checkpoint. */
    public static final String DEFAULT_RESOURCE = "org/stackarena/policies/checkpoints/wam-default/";

    private final WamSpec spec;
    private final WamNet net;
    private final NDManager manager;
    private final ParameterStore store;
    private final VlaPolicy encoder;

    private WamPolicy(WamSpec spec, WamNet net, NDManager manager, VlaPolicy encoder) {
        this.spec = spec;
        this.net = net;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.encoder = encoder;
    }

    /** A freshly initialised world model for {@code spec} over {@code encoder} (owned from now on), seeded. */
    public static WamPolicy create(WamSpec spec, VlaPolicy encoder, long seed) {
        Djl.init();
        Engine.getInstance().setRandomSeed((int) seed);
        NDManager m = NDManager.newBaseManager();
        WamNet net = new WamNet(spec.model());
        net.initialize(m, DataType.FLOAT32, WamNet.inputShapes(1, 1));
        return new WamPolicy(spec, net, m, encoder);
    }

    /**
     * Loads the directory {@code dir}: policy.json, the weights and the encoder sub-directory.
     *
     * @throws CheckpointException one line naming the file and the field
     */
    public static WamPolicy load(Path dir) {
        Path json = dir.resolve("policy.json");
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir + ": checkpoint directory does not exist");
        }
        if (!Files.isRegularFile(json)) {
            throw new CheckpointException(json + ": missing file");
        }
        try {
            WamSpec spec = WamSpec.parse(json.toString(), Files.readString(json, StandardCharsets.UTF_8));
            Path params = dir.resolve(spec.weights());
            if (!Files.isRegularFile(params)) {
                throw new CheckpointException(params + ": missing file (policy.json field weights)");
            }
            Path enc = dir.resolve(spec.encoder());
            if (!Files.isRegularFile(enc.resolve("policy.json"))) {
                throw new CheckpointException(json + ": field encoder: " + enc.resolve("policy.json")
                    + " is missing (the frozen VLA checkpoint the world model was trained on)");
            }
            VlaPolicy e = VlaPolicy.load(enc);
            return load(spec, params.toString(), Files.readAllBytes(params), e);
        } catch (IOException e) {
            throw new CheckpointException(dir + ": cannot read checkpoint (" + e.getMessage() + ")", e);
        }
    }

    /** Loads the checkpoint shipped on the classpath. */
    public static WamPolicy loadDefault() {
        ClassLoader cl = WamPolicy.class.getClassLoader();
        String where = "classpath:" + DEFAULT_RESOURCE;
        try (InputStream j = cl.getResourceAsStream(DEFAULT_RESOURCE + "policy.json")) {
            if (j == null) {
                throw new CheckpointException(where + "policy.json: missing file (no shipped world model in this build)");
            }
            WamSpec spec = WamSpec.parse(where + "policy.json", new String(j.readAllBytes(), StandardCharsets.UTF_8));
            byte[] params;
            try (InputStream p = cl.getResourceAsStream(DEFAULT_RESOURCE + spec.weights())) {
                if (p == null) {
                    throw new CheckpointException(where + spec.weights() + ": missing file");
                }
                params = p.readAllBytes();
            }
            VlaPolicy e = VlaPolicy.loadResource(DEFAULT_RESOURCE + spec.encoder() + "/");
            return load(spec, where + spec.weights(), params, e);
        } catch (IOException e) {
            throw new CheckpointException(where + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static WamPolicy load(WamSpec spec, String name, byte[] bytes, VlaPolicy encoder) {
        Djl.init();
        NDManager m = NDManager.newBaseManager();
        try {
            WamNet net = new WamNet(spec.model());
            net.initialize(m, DataType.FLOAT32, WamNet.inputShapes(1, 1));
            ByteArrayInputStream raw = new ByteArrayInputStream(bytes);
            try {
                net.loadParameters(m, new DataInputStream(raw));
            } catch (MalformedModelException | IOException | RuntimeException e) {
                String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                throw new CheckpointException(name + ": corrupt or not matching policy.json field model (" + msg + ")", e);
            }
            if (raw.available() > 0) {
                throw new CheckpointException(name + ": " + raw.available()
                    + " bytes left after the last parameter: weights do not match policy.json (field model)");
            }
            return new WamPolicy(spec, net, m, encoder);
        } catch (RuntimeException e) {
            m.close();
            encoder.close();
            throw e;
        }
    }

    /** Writes policy.json, the weights and the encoder checkpoint into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            net.saveParameters(out);
        }
        Files.write(dir.resolve(spec.weights()), bytes.toByteArray());
        Files.writeString(dir.resolve("policy.json"), spec.toJson());
        Path enc = dir.resolve(spec.encoder());
        encoder.save(enc);
    }

    /** The spec. */
    public WamSpec spec() {
        return spec;
    }

    /** The network. */
    public WamNet net() {
        return net;
    }

    /** The parameters' manager. */
    public NDManager manager() {
        return manager;
    }

    /** The frozen VLA checkpoint: System 2 is the observation encoder, System 1 the proposal. */
    public VlaPolicy encoder() {
        return encoder;
    }

    /**
     * Normalised world-model input from System 2's output and the unnormalised state features, into
     * {@code out} ({@value WamSpec#INPUT_DIM} values).
     *
     * @return {@code out}
     */
    public float[] input(float[] system2, float[] stateFeatures, float[] out) {
        int g = PolicySpec.GOAL_DIM;
        int l = system2.length - g;
        float[] mean = spec.normalisation().inputMean(), std = spec.normalisation().inputStd();
        for (int i = 0; i < g; i++) {
            out[i] = (system2[l + i] - mean[i]) / std[i];
        }
        for (int i = 0; i < stateFeatures.length; i++) {
            out[g + i] = (stateFeatures[i] - mean[g + i]) / std[g + i];
        }
        return out;
    }

    /** The latent of a normalised input (from {@link #input}). */
    public float[] encode(float[] input) {
        Djl.initThread();
        try (NDManager m = manager.newSubManager()) {
            return net.encode(store, m.create(input, new Shape(1, WamSpec.INPUT_DIM)), false).toFloatArray();
        }
    }

    /**
     * Imagines {@code n} candidates of {@code h} steps from {@code latent}: one batched dynamics call per step.
     *
     * @param actions [n][h][4]: displacement (m) and gripper command
     * @return decoded states [n][h + 1][8] in metres (progress 0..1)
     */
    public float[] imagine(float[] latent, float[] actions, int n, int h) {
        Djl.initThread();
        int a = WamSpec.ACTION_DIM;
        float scale = (float) spec.normalisation().actionScaleM();
        float[] scaled = new float[actions.length];
        for (int i = 0; i < actions.length; i++) {
            scaled[i] = i % a == 3 ? actions[i] : actions[i] / scale;
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray z0 = m.create(latent, new Shape(1, latent.length)).repeat(0, n);
            NDList out = net.imagine(store, z0, m.create(scaled, new Shape(n, h, a)), false);
            float[] d = out.get(0).toFloatArray();
            denormalise(d);
            return d;
        }
    }

    /** Normalised decoded values (as {@link WamNet#decode} gives) to metres, in place. */
    public void denormalise(float[] decoded) {
        float[] mean = spec.normalisation().decodedMean(), std = spec.normalisation().decodedStd();
        int s = WamSpec.DECODED_DIM;
        for (int i = 0; i < decoded.length; i++) {
            decoded[i] = decoded[i] * std[i % s] + mean[i % s];
        }
    }

    @Override
    public void close() {
        manager.close();
        encoder.close();
    }
}
