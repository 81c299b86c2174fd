package org.stackarena.policies.torchscript;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackarena.policies.CheckpointException;
import org.stackarena.policies.Djl;
import org.stackarena.policies.torchscript.TorchScriptSpec.Feature;
import org.stackarena.policies.torchscript.TorchScriptSpec.FeatureType;
import org.stackarena.policies.torchscript.TorchScriptSpec.Loop;

/**
 * A loaded TorchScript policy directory: the {@link TorchScriptSpec}, one DJL {@link Model}
 * (PyTorch engine) per TorchScript file its loops use, loaded from the local path only, and the
 * calls that run a loop's method on prepared inputs.
 *
 * <p>{@link #load} checks the directory before any episode runs: the files exist, the modules
 * load, and a dry run with zero inputs of every loop in dependency order accepts the declared
 * shapes and returns a tensor of the declared action shape. Every problem is a one-line
 * {@link CheckpointException} naming the file and the field.
 *
 * <p>Not thread-safe: one per stack.
 */
public final class TorchScriptPolicy implements AutoCloseable {

    private final Path dir;
    private final TorchScriptSpec spec;
    private final Map<String, Model> models;
    private final Map<String, long[]> latentShapes = new HashMap<>();
    private final Map<String, Integer> vocab;
    private final int unknownToken;
    private boolean closed;

    private TorchScriptPolicy(Path dir, TorchScriptSpec spec, Map<String, Model> models, Map<String, Integer> vocab,
                              int unknownToken) {
        this.dir = dir;
        this.spec = spec;
        this.models = models;
        this.vocab = vocab;
        this.unknownToken = unknownToken;
    }

    /**
     * Loads the directory {@code dir} whose {@code policy.json} was parsed as {@code spec}, and
     * dry-runs every loop.
     *
     * @throws CheckpointException one line naming the file and field
     */
    public static TorchScriptPolicy load(Path dir, TorchScriptSpec spec) {
        Djl.init();
        Map<String, Model> models = new LinkedHashMap<>();
        try {
            for (int i = 0; i < spec.loops().size(); i++) {
                Loop l = spec.loops().get(i);
                if (!models.containsKey(l.model())) {
                    String field = l.model().equals(spec.model()) ? "model" : "loops[" + i + "].model";
                    models.put(l.model(), loadModel(dir, spec.file(), l.model(), field));
                }
            }
            Map<String, Integer> vocab = new HashMap<>();
            int unk = 0;
            for (Feature f : spec.inputs().values()) {
                if (f.type() == FeatureType.LANGUAGE) {
                    Path v = dir.resolve(f.vocab());
                    if (!Files.isRegularFile(v)) {
                        throw new CheckpointException(v + ": missing file (policy.json field input_features."
                            + f.key() + ".vocab)");
                    }
                    List<String> lines = Files.readAllLines(v, StandardCharsets.UTF_8);
                    for (int j = 0; j < lines.size(); j++) {
                        vocab.putIfAbsent(lines.get(j).strip(), j);
                    }
                    unk = vocab.getOrDefault("<unk>", vocab.getOrDefault("[UNK]", 0));
                }
            }
            TorchScriptPolicy p = new TorchScriptPolicy(dir, spec, models, vocab, unk);
            // the first run checks; two more let TorchScript's profiling executor optimise the graph
            // before the first episode tick instead of during it
            for (int i = 0; i < 3; i++) {
                p.dryRun();
            }
            return p;
        } catch (IOException e) {
            models.values().forEach(Model::close);
            throw new CheckpointException(dir + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            models.values().forEach(Model::close);
            throw e;
        }
    }

    private static Model loadModel(Path dir, String json, String file, String field) {
        Path pt = dir.resolve(file);
        if (!Files.isRegularFile(pt)) {
            throw new CheckpointException(pt + ": missing file (policy.json field " + field + ")");
        }
        Model m = Model.newInstance(file, Device.cpu(), "PyTorch");
        try {
            m.load(pt);
            if (!(m.getBlock() instanceof PtSymbolBlock)) {
                throw new CheckpointException(pt + ": not a TorchScript module (policy.json field " + field + ")");
            }
            return m;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            m.close();
            if (e instanceof CheckpointException c) {
                throw c;
            }
            throw new CheckpointException(pt + ": not a TorchScript module libtorch can load (policy.json field "
                + field + "): " + oneLine(e), e);
        }
    }

    /** Runs every loop once on zeros, in dependency order, and checks the action shape. */
    private void dryRun() {
        Map<String, float[]> values = new HashMap<>();
        for (Feature f : spec.inputs().values()) {
            values.put(f.key(), new float[f.size()]);
        }
        List<Loop> pending = new ArrayList<>(spec.loops());
        while (!pending.isEmpty()) {
            Loop next = pending.stream().filter(l -> values.keySet().containsAll(l.inputs())).findFirst()
                .orElseThrow(() -> new CheckpointException(spec.file() + ": field loops: loops "
                    + pending.stream().map(Loop::name).toList() + " wait on each other's outputs (a cycle)"));
            pending.remove(next);
            int index = spec.loops().indexOf(next);
            Output out;
            try {
                out = run(next, values);
            } catch (RuntimeException e) {
                throw new CheckpointException(spec.file() + ": field " + shapeFields(next, values) + ": rejected by "
                    + next.model() + " method " + next.method() + " (loops[" + index + "]): " + oneLine(e), e);
            }
            if (next.output() != null) {
                latentShapes.put(next.output(), out.shape());
                values.put(next.output(), out.values());
            } else {
                int want = spec.action().chunk() * spec.action().dims();
                long[] s = out.shape();
                boolean ok = out.values().length == want && s.length >= 2
                    && s[s.length - 1] == spec.action().dims() && s[s.length - 2] == spec.action().chunk()
                    && Arrays.stream(s).limit(s.length - 2).allMatch(d -> d == 1);
                if (!ok) {
                    throw new CheckpointException(spec.file() + ": field output_features." + spec.action().key()
                        + ".shape is [" + spec.action().chunk() + ", " + spec.action().dims() + "] but "
                        + next.model() + " method " + next.method() + " returns " + Arrays.toString(s));
                }
            }
        }
    }

    /** The shapes a loop was given, as policy.json fields (and latent shapes), for the dry-run message. */
    private String shapeFields(Loop l, Map<String, float[]> values) {
        List<String> f = new ArrayList<>();
        for (String k : l.inputs()) {
            Feature feature = spec.inputs().get(k);
            f.add(feature != null ? "input_features." + k + ".shape " + Arrays.toString(feature.shape())
                : "output " + k + " " + Arrays.toString(latentShapes.get(k)));
        }
        return String.join(", ", f);
    }

    /** The spec. */
    public TorchScriptSpec spec() {
        return spec;
    }

    /** The policy directory. */
    public Path dir() {
        return dir;
    }

    /** Shape of a loop output (latent) as the dry run saw it, batch dimension included. */
    public long[] latentShape(String output) {
        return latentShapes.get(output).clone();
    }

    /**
     * A model output.
     *
     * @param values the values, row-major
     * @param shape the shape, batch dimension included
     */
    public record Output(float[] values, long[] shape) {}

    /**
     * Runs {@code loop}'s method on {@code inputs} (input name to prepared values, at least every
     * name the loop reads; not modified).
     *
     * @return the method's single tensor output as floats
     * @throws RuntimeException what libtorch threw (wrong shape, NaN checks in the model, ...)
     */
    public Output run(Loop loop, Map<String, float[]> inputs) {
        float[][] args = new float[loop.inputs().size()][];
        for (int i = 0; i < args.length; i++) {
            args[i] = inputs.get(loop.inputs().get(i));
        }
        return run(loop, args);
    }

    /**
     * Runs {@code loop}'s method on {@code inputs}, one prepared array per name of
     * {@link Loop#inputs()} in that order (not modified; copied into tensors, so the caller may reuse
     * them). On a thread that has not called libtorch before, first applies DJL's thread settings to it
     * ({@link Djl#initThread}).
     *
     * @return the method's single tensor output as floats
     * @throws RuntimeException what libtorch threw (wrong shape, NaN checks in the model, ...)
     */
    public Output run(Loop loop, float[][] inputs) {
        Djl.initThread();
        Model m = models.get(loop.model());
        PtSymbolBlock block = (PtSymbolBlock) m.getBlock();
        try (NDManager sub = m.getNDManager().newSubManager()) {
            IValue[] args = new IValue[loop.passAsDict() ? 1 : inputs.length];
            Map<String, PtNDArray> dict = loop.passAsDict() ? new LinkedHashMap<>() : null;
            try {
                for (int i = 0; i < inputs.length; i++) {
                    String k = loop.inputs().get(i);
                    PtNDArray a = (PtNDArray) tensor(sub, k, inputs[i]);
                    if (dict != null) {
                        dict.put(k, a);
                    } else {
                        args[i] = IValue.from(a);
                    }
                }
                if (dict != null) {
                    args[0] = IValue.stringMapFrom(dict);
                }
                try (IValue result = IValueUtils.runMethod(block, loop.method(), args)) {
                    NDArray out = firstTensor(result, (PtNDManager) sub);
                    if (out.getDataType() != DataType.FLOAT32) {
                        out = out.toType(DataType.FLOAT32, false);
                    }
                    return new Output(out.toFloatArray(), out.getShape().getShape());
                }
            } finally {
                for (IValue a : args) {
                    if (a != null) {
                        a.close();
                    }
                }
            }
        }
    }

    private static NDArray firstTensor(IValue v, PtNDManager manager) {
        if (v.isTensor()) {
            return v.toTensor(manager);
        }
        if (v.isTuple() || v.isList() || v.isTensorList()) {
            NDList list = v.toNDList(manager);
            if (!list.isEmpty()) {
                return list.get(0);
            }
        }
        throw new IllegalStateException("method returned " + v.getType() + ", expected a tensor");
    }

    private NDArray tensor(NDManager m, String key, float[] values) {
        Feature f = spec.inputs().get(key);
        if (f == null) {
            long[] s = latentShapes.get(key);
            return m.create(values, s == null ? new Shape(1, values.length) : new Shape(s));
        }
        long[] shape = new long[f.shape().length + 1];
        shape[0] = 1;
        for (int i = 0; i < f.shape().length; i++) {
            shape[i + 1] = f.shape()[i];
        }
        if (f.type() == FeatureType.LANGUAGE) {
            long[] ids = new long[values.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (long) values[i];
            }
            return m.create(ids, new Shape(shape));
        }
        return m.create(values, new Shape(shape));
    }

    /**
     * Token ids of {@code instruction} for a LANGUAGE feature ({@code words} tokenizer): lower
     * case, split on anything but letters and digits, each word's line index in the vocabulary
     * file ({@code <unk>} or {@code [UNK]}'s index, else 0, when absent), padded with 0 or cut to
     * the feature's length. Returned as floats to travel with the other inputs.
     */
    public float[] tokens(Feature f, String instruction) {
        float[] out = new float[f.size()];
        int i = 0;
        for (String w : instruction.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (i == out.length) {
                break;
            }
            out[i++] = vocab.getOrDefault(w, unknownToken);
        }
        return out;
    }

    static String oneLine(Throwable e) {
        String s = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        // libtorch messages carry the TorchScript call stack; the useful line is the last non-empty one
        List<String> lines = s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        String first = lines.get(0);
        String last = lines.get(lines.size() - 1);
        return lines.size() == 1 ? first : last;
    }

    /** Closes the models. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            models.values().forEach(Model::close);
        }
    }
}
