package org.stackarena.benchmarks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.stackarena.policies.BcTrainer;
import org.stackarena.policies.InstructionEncoder;
import org.stackarena.policies.VlaPolicy;
import org.stackarena.policies.data.DemoDataset;
import org.stackarena.scenarios.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stackarena train}: behaviour cloning of the built-in dual-system VLA on a dataset written
 * by {@code stackarena collect}, writing a checkpoint directory (policy.json + vla.params); or, with
 * {@code --arch wam}, the world model of the world-action-model stack over a frozen VLA checkpoint
 * (policy.json + wam.params + encoder/).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train the built-in VLA by behaviour cloning (--arch vla) or the world-action model's world "
        + "model over a frozen VLA (--arch wam); writes a checkpoint directory.")
public final class TrainCommand implements Callable<Integer> {

    /** Values of {@code --arch}. */
    static final List<String> ARCHS = List.of("vla", "wam");

    @Option(names = "--arch", defaultValue = "vla", converter = Converters.Arch.class, description = "what to train: vla "
        + "(the dual-system VLA) or wam (the world model of the world-action-model stack; uses --data, --out, --epochs, "
        + "--batch, --lr, --seed, --max-minutes, --threads, --latent-dim, --chunk and --encoder) (default ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--encoder", paramLabel = "DIR", converter = Converters.ExistingDir.class, description = "--arch wam: "
        + "the frozen VLA checkpoint whose System 2 encodes observations and whose System 1 proposes chunks "
        + "(default: the shipped VLA checkpoint)")
    Path encoder;

    @Option(names = "--data", required = true, paramLabel = "DIR", converter = Converters.ExistingDir.class, description = "dataset directory: a LeRobot v3.0 dataset (from collect or made elsewhere) or the older .npy layout")
    Path data;

    @Mixin
    CommonOptions.RequiredOut outOption;

    @Option(names = "--families", split = ",", converter = Converters.Family.class, description = "task families to train on (default: all in the dataset)")
    List<String> families = new ArrayList<>();

    @Option(names = "--epochs", defaultValue = "20", converter = Converters.NonNegativeInt.class, description = "epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", converter = Converters.PositiveInt.class, description = "batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", converter = Converters.PositiveDouble.class, description = "initial learning rate (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--chunk", defaultValue = "10", converter = Converters.PositiveInt.class, description = "action chunk length (default ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--max-minutes", defaultValue = "25", converter = Converters.PositiveDouble.class, description = "wall-time budget (default ${DEFAULT-VALUE})")
    double maxMinutes;

    @Option(names = "--input-size", defaultValue = "96x64", converter = Converters.Size.class,
        description = "model input WxH; the crop of the camera frame is area-resized to it (default ${DEFAULT-VALUE})")
    String inputSize;

    @Option(names = "--crop", defaultValue = "0.0833,0.75,0,1", split = ",", converter = Converters.Fraction.class,
        description = "camera crop as fractions top,bottom,left,right (default ${DEFAULT-VALUE}: the workspace rows)")
    double[] crop;

    @Option(names = "--threads", defaultValue = "1", converter = Converters.PositiveInt.class, description = "PyTorch intra-op threads for training (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--latent-dim", defaultValue = "0", converter = Converters.NonNegativeInt.class, description = "System 2 latent size besides its goal estimate; "
        + "0 (default) trains in two stages (System 1 on recorded goals, then System 2 on pixels), > 0 end to end")
    int latentDim;

    @Option(names = "--system2-from", paramLabel = "DIR", converter = Converters.ExistingDir.class, description = "two-stage mode: start System 2 from this "
        + "checkpoint's weights (with --epochs 0: keep them and train System 1 only)")
    Path system2From;

    @Option(names = "--attention-heads", defaultValue = "4", converter = Converters.NonNegativeInt.class, description = "System 2's instruction-conditioned "
        + "attention heads over the image features; 0 for the FiLM + spatial-softmax head alone (default ${DEFAULT-VALUE})")
    int attentionHeads;

    @Option(names = "--no-anchors", description = "System 1 predicts waypoints relative to the end effector only, "
        + "not as a learned mix of end-effector, object and goal anchors")
    boolean noAnchors;

    @Option(names = "--system1-epochs", defaultValue = "30", converter = Converters.PositiveInt.class, description = "two-stage mode: System 1 epochs (an MLP "
        + "on recorded goals and proprioception: ~2 s an epoch on 1,000 episodes) (default ${DEFAULT-VALUE})")
    int system1Epochs;

    @Option(names = "--no-augment", description = "disable image/state augmentation")
    boolean noAugment;


    @Override
    public Integer call() throws Exception {
        if (arch.equals("wam")) {
            return trainWorldModel();
        }
        if (encoder != null) {
            throw new UserInputException("--encoder: only with --arch wam");
        }
        Path out = outOption.dir;
        if (crop.length != 4 || !(crop[0] < crop[1]) || !(crop[2] < crop[3])) {
            throw new UserInputException("--crop " + java.util.Arrays.toString(crop) + ": give four fractions "
                + "top,bottom,left,right with top < bottom and left < right (e.g. 0.0833,0.75,0,1)");
        }
        if (!Files.isRegularFile(data.resolve("meta/info.json"))) {
            throw new UserInputException(data.resolve("meta/info.json") + ": missing (not a dataset written by collect)");
        }
        if (epochs < (latentDim == 0 ? 0 : 1) || batch < 1 || chunk < 1 || threads < 1) {
            throw new UserInputException("--epochs, --batch, --chunk and --threads must be >= 1 (--epochs 0 only with "
                + "--latent-dim 0: System 1 alone)");
        }
        if (latentDim < 0 || attentionHeads < 0 || system1Epochs < 1) {
            throw new UserInputException("--latent-dim and --attention-heads must be >= 0, --system1-epochs >= 1");
        }
        long t0 = System.nanoTime();
        DemoDataset ds = loadDataset(latentDim == 0);
        System.out.printf("train: %d episodes, %d frames, %dx%d images (loaded in %.0f s)%n", ds.episodes().size(),
            ds.frames(), ds.width(), ds.height(), (System.nanoTime() - t0) / 1e9);
        String[] wh = inputSize.toLowerCase(java.util.Locale.ROOT).split("x");
        if (wh.length != 2 || crop.length != 4) {
            throw new UserInputException("--input-size must be WxH (e.g. 96x64) and --crop four fractions");
        }
        int iw = Integer.parseInt(wh[0].trim()), ih = Integer.parseInt(wh[1].trim());
        InstructionEncoder enc = InstructionEncoder.fromScenarios(ScenarioLoader.shipped().values());
        BcTrainer.Options o = BcTrainer.Options.builder().epochs(epochs).batch(batch).lr(lr).seed(seed).chunk(chunk)
            .inputSize(iw, ih).crop(crop).latentDim(latentDim).attentionHeads(attentionHeads).maxMinutes(maxMinutes)
            .augment(!noAugment).anchoredWaypoints(!noAnchors).system1Epochs(system1Epochs).build();
        long t1 = System.nanoTime();
        VlaPolicy from = system2From == null ? null : VlaPolicy.loadSystem2Source(system2From);
        BcTrainer.Result r;
        try {
            r = BcTrainer.train(ds, enc, o, line -> System.out.println("train: " + line), from);
        } finally {
            if (from != null) {
                from.close();
            }
        }
        double secs = (System.nanoTime() - t1) / 1e9;
        ObjectMapper json = new ObjectMapper();
        ObjectNode t = json.createObjectNode();
        t.put("data", data.toString());
        t.put("families", String.join(",", families));
        t.put("input_size", inputSize);
        t.put("train_episodes", r.trainEpisodes());
        t.put("val_episodes", r.valEpisodes());
        t.put("train_frames", r.trainFrames());
        t.put("epochs", r.epochs().size());
        t.put("latent_dim", latentDim);
        if (latentDim == 0) {
            t.put("system1_epochs", system1Epochs);
        }
        if (system2From != null) {
            t.put("system2_from", system2From.toString());
        }
        putRun(t, r.steps(), secs);
        ArrayNode h = t.putArray("history");
        for (BcTrainer.Epoch e : r.epochs()) {
            h.addObject().put("epoch", e.epoch()).put("train_loss", e.train()).put("val_loss", e.val())
                .put("val_object_error_cm", e.valObjectCm());
        }
        try (VlaPolicy p = r.policy()) {
            p.save(out);
            // policy.json carries the training record (command inputs, sizes, losses)
            Files.writeString(out.resolve("policy.json"), p.spec().withTraining(t).toJson());
        }
        System.out.printf("train: wrote %s (%.0f s training, %d steps)%n", out, secs, r.steps());
        return 0;
    }

    /** The training record's run fields: batch, lr, seed, steps, threads, seconds. */
    private void putRun(ObjectNode t, long steps, double secs) {
        t.put("batch", batch);
        t.put("lr", lr);
        t.put("seed", seed);
        t.put("steps", steps);
        t.put("threads", threads);
        t.put("seconds", Math.round(secs));
    }

    /** Sets the training threads and loads {@code --data} (of {@code --families}); none is a user error. */
    /** @param environmentState whether the training needs {@code observation.environment_state} */
    private DemoDataset loadDataset(boolean environmentState) throws java.io.IOException {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        DemoDataset ds = DemoDataset.load(data, "front", new HashSet<>(families), environmentState);
        if (ds.episodes().isEmpty()) {
            throw new UserInputException(data + ": no episodes" + (families.isEmpty() ? "" : " of families " + families));
        }
        return ds;
    }

    /** {@code --arch wam}: the world model over a frozen VLA checkpoint. */
    private int trainWorldModel() throws Exception {
        Path out = outOption.dir;
        if (!Files.isRegularFile(data.resolve("meta/info.json"))) {
            throw new UserInputException(data.resolve("meta/info.json") + ": missing (not a dataset written by collect)");
        }
        if (epochs < 1) {
            throw new UserInputException("--epochs must be >= 1 with --arch wam");
        }
        if (chunk > 10) {
            throw new UserInputException("--chunk " + chunk + ": with --arch wam the training rollout horizon, at most 10 "
                + "(the proposal's chunk)");
        }
        if (system2From != null) {
            throw new UserInputException("--system2-from: only with --arch vla (--arch wam takes --encoder)");
        }
        long t0 = System.nanoTime();
        DemoDataset ds = loadDataset(true); // the world model's object head is supervised by it
        System.out.printf("train: %d episodes, %d frames (loaded in %.0f s)%n", ds.episodes().size(), ds.frames(),
            (System.nanoTime() - t0) / 1e9);
        int latent = latentDim == 0 ? 64 : latentDim;
        org.stackarena.policies.wam.WamTrainer.Options d = org.stackarena.policies.wam.WamTrainer.Options.defaults(epochs, seed);
        org.stackarena.policies.wam.WamTrainer.Options o = new org.stackarena.policies.wam.WamTrainer.Options(epochs, batch,
            lr, seed, new org.stackarena.policies.wam.WamSpec.Model(latent, d.model().hidden(), chunk), d.planner(),
            d.loops(), d.valFraction(), maxMinutes);
        VlaPolicy enc = encoder == null ? VlaPolicy.loadDefault() : VlaPolicy.load(encoder);
        long t1 = System.nanoTime();
        org.stackarena.policies.wam.WamTrainer.Result r = org.stackarena.policies.wam.WamTrainer.train(ds, enc, o,
            line -> System.out.println("train: " + line));
        double secs = (System.nanoTime() - t1) / 1e9;
        ObjectMapper json = new ObjectMapper();
        ObjectNode t = json.createObjectNode();
        t.put("arch", "wam");
        t.put("data", data.toString());
        t.put("families", String.join(",", families));
        t.put("encoder", encoder == null ? "shipped vla-default" : encoder.toString());
        t.put("train_episodes", r.trainEpisodes());
        t.put("val_episodes", r.valEpisodes());
        t.put("train_frames", r.trainFrames());
        t.put("epochs", r.epochs().size());
        t.put("horizon", chunk);
        putRun(t, r.steps(), secs);
        ArrayNode h = t.putArray("history");
        for (org.stackarena.policies.wam.WamTrainer.Epoch e : r.epochs()) {
            h.addObject().put("epoch", e.epoch()).put("train_loss", e.train()).put("val_loss", e.val());
        }
        ArrayNode im = t.putArray("imagination_error_cm");
        for (org.stackarena.policies.wam.WamTrainer.Imagination i : r.imagination()) {
            im.addObject().put("seconds_ahead", i.seconds()).put("end_effector", i.eeCm())
                .put("end_effector_constant", i.eeBaselineCm()).put("object", i.objectCm())
                .put("object_constant", i.objectBaselineCm()).put("frames", i.samples());
        }
        try (org.stackarena.policies.wam.WamPolicy p = r.policy()) {
            p.save(out);
            Files.writeString(out.resolve("policy.json"), p.spec().withTraining(t).toJson());
        }
        System.out.printf("train: wrote %s (%.0f s training, %d steps)%n", out, secs, r.steps());
        return 0;
    }
}
