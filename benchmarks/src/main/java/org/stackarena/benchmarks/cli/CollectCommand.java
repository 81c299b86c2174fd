package org.stackarena.benchmarks.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.stackarena.policies.data.DemoEpisode;
import org.stackarena.policies.data.DemoRecorder;
import org.stackarena.policies.data.DemoSink;
import org.stackarena.policies.data.DemoWriter;
import org.stackarena.policies.data.lerobot.LeRobotWriter;
import org.stackarena.policies.data.lerobot.VideoCodec;
import org.stackarena.scenarios.Condition;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.EpisodeInstance;
import org.stackarena.scenarios.Scenario;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.sim.Simulation;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stackarena collect}: records demonstrations (normally of the privileged scripted expert)
 * into a LeRobot v3.0 dataset (or, with {@code --format npy}, the older .npy layout; see
 * policies/DATASET.md). Resumable: re-running the same command skips every episode already attempted.
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
    description = {"Record demonstrations of a stack (default: the scripted expert) as a LeRobot v3.0 dataset.",
        "Defaults: --stack expert --scenario reach,pick-lift,pick-place --robot arm7 --condition lab --workers 1 "
            + "(one stack, robot and condition per dataset; --workers 2 only on an idle machine)."})
public final class CollectCommand implements Callable<Integer> {

    /** Seeds below this are evaluation seeds and are never used for training data. */
    public static final long FIRST_TRAINING_SEED = 100_000;

    @Mixin
    CommonOptions.RequiredOut out;

    @Mixin
    CommonOptions.Stacks stacks;

    @Mixin
    CommonOptions.Scenarios scenarioOptions;

    @Mixin
    CommonOptions.Robots robots;

    @Mixin
    CommonOptions.Conditions conditions;

    @Mixin
    CommonOptions.Workers workerOption;

    @Option(names = "--episodes", defaultValue = "100", converter = Converters.PositiveInt.class, description = "seeds per scenario (default ${DEFAULT-VALUE})")
    int episodes;

    @Option(names = "--seed-start", defaultValue = "100000", converter = TrainingSeed.class, description = "first seed, >= 100000 (default ${DEFAULT-VALUE})")
    long seedStart;

    @Option(names = "--fps", defaultValue = "10", converter = Converters.PositiveDouble.class, description = "recorded frames per second (default ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--image-size", defaultValue = "96", converter = ImageSize.class, description = "square image size (default ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--cameras", defaultValue = "front,wrist", split = ",", converter = Converters.CameraName.class, description = "cameras (default ${DEFAULT-VALUE})")
    List<String> cameras;

    @Option(names = "--action-noise", defaultValue = "0", paramLabel = "RAD", converter = Converters.NonNegativeDouble.class,
        description = "stationary std of correlated noise added to the recorded stack's joint-position actions "
            + "(DART-style recovery demonstrations; default ${DEFAULT-VALUE})")
    double actionNoise;

    @Option(names = "--noise-tau", defaultValue = "0.5", paramLabel = "S", converter = Converters.PositiveDouble.class,
        description = "correlation time of --action-noise (default ${DEFAULT-VALUE} s)")
    double noiseTau;

    @Option(names = "--keep-failures", description = "also store failed episodes (default: successes only)")
    boolean keepFailures;

    @Option(names = "--format", defaultValue = "lerobot", converter = Converters.DatasetFormat.class,
        description = "lerobot: a LeRobot v3.0 dataset (Parquet + MP4); npy: the older per-episode .npy folders "
            + "(default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--video-codec", defaultValue = "h264-lossless", converter = Converters.VideoCodecName.class,
        description = "camera encoding of --format lerobot: h264-lossless (decodes to the rendered pixels exactly), "
            + "h264-yuv444 (+-2 levels), av1 (LeRobot's default, smallest, lossy at colour edges) (default ${DEFAULT-VALUE})")
    VideoCodec videoCodec;

    /** A training seed: >= {@link #FIRST_TRAINING_SEED}. */
    static final class TrainingSeed implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String v) {
            long n = Converters.parseLong(v);
            if (n < FIRST_TRAINING_SEED) {
                throw Converters.bad(v, "is below " + FIRST_TRAINING_SEED + ": lower seeds are evaluation seeds");
            }
            return n;
        }
    }

    /** An image size of at least 8 pixels. */
    static final class ImageSize implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            int n = Converters.parseInt(v);
            if (n < 8) {
                throw Converters.bad(v, "must be at least 8 (pixels)");
            }
            return n;
        }
    }

    /**
     * Ground truth for {@code observation.environment_state} (auxiliary training targets only): the named
     * object's centre now, and the goal point: pad centre at the object's resting height (pick-place),
     * the top of the support (stack), else where the object was placed.
     */
    static Supplier<float[]> envProbe(ScenarioWorld world) {
        double[] pos = new double[3];
        return () -> {
            EpisodeInstance e = world.episode();
            Simulation sim = world.simulation();
            EpisodeInstance.PlacedObject o = e.object();
            sim.readBodyPos(sim.id(Simulation.ObjType.BODY, o.bodyName()), pos);
            double hz = o.halfExtents()[2];
            double[] goal;
            EpisodeInstance.PlacedObject s = e.support();
            if (s != null) {
                goal = new double[] {s.x(), s.y(), 2 * s.halfExtents()[2] + hz};
            } else if (e.pad() != null) {
                goal = new double[] {e.pad().x(), e.pad().y(), hz};
            } else {
                goal = new double[] {o.x(), o.y(), hz};
            }
            return new float[] {(float) pos[0], (float) pos[1], (float) pos[2], (float) goal[0], (float) goal[1],
                (float) goal[2]};
        };
    }

    @Override
    public Integer call() throws Exception {
        String stack = CommonOptions.one("--stack", stacks.names, "expert");
        if (stack.equals("all")) {
            throw new UserInputException("--stack all: collect records one stack; name it (default expert)");
        }
        String robot = robots.one("arm7");
        if (org.stackarena.sim.robot.RobotDescriptor.load(robot).heldOut()) {
            throw new UserInputException("--robot " + robot + ": held out of every training set (its descriptor says "
                + "\"held_out\": true), so collect records no demonstrations on it; evaluate it with bench");
        }
        String condition = CommonOptions.one("--condition", conditions.names, "lab");
        int workers = workerOption.or(1);
        Map<String, Scenario> shipped = scenarioOptions.resolve(List.of("reach", "pick-lift", "pick-place"));
        List<String> scenarios = new ArrayList<>(shipped.keySet());
        StackProvider provider = StackProvider.named(stack);
        Condition cond = ConditionLoader.load(condition);
        Path out = this.out.dir;
        if (format.equals("npy") && org.stackarena.policies.data.lerobot.LeRobotReader.isV3(out)) {
            throw new UserInputException(out.resolve("meta/info.json") + ": field codebase_version is v3.0; --format npy "
                + "appends only to the older layout (give another --out, or --format lerobot)");
        }
        try (DemoSink writer = format.equals("npy") ? new DemoWriter(out, fps, cameras, imageSize, imageSize)
            : LeRobotWriter.builder().setRoot(out).setFps(fps).setCameras(cameras).setImageSize(imageSize, imageSize)
                .optCodec(videoCodec).optRobotType(robot).build()) {
            return collect(writer, stack, robot, condition, workers, shipped, scenarios, provider, cond, out);
        }
    }

    private int collect(DemoSink writer, String stack, String robot, String condition, int workers,
                        Map<String, Scenario> shipped, List<String> scenarios, StackProvider provider, Condition cond,
                        Path out) throws Exception {
        List<long[]> todo = new ArrayList<>();
        int skipped = 0;
        for (int si = 0; si < scenarios.size(); si++) {
            for (long seed = seedStart; seed < seedStart + episodes; seed++) {
                if (writer.attempted(scenarios.get(si), robot, condition, seed)) {
                    skipped++;
                } else {
                    todo.add(new long[] {si, seed});
                }
            }
        }
        int total = todo.size();
        System.out.printf("collect: %d episodes to run (%d already done) -> %s%n", total, skipped, out);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> futures = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                Map<String, ScenarioWorld> worlds = new HashMap<>();
                Map<String, DemoRecorder> stacks = new HashMap<>();
                try {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        String id = scenarios.get((int) todo.get(i)[0]);
                        long seed = todo.get(i)[1];
                        ScenarioWorld world = worlds.computeIfAbsent(id,
                            k -> new ScenarioWorld(shipped.get(k), robot, cond, imageSize, imageSize));
                        DemoRecorder rec = stacks.get(id);
                        if (rec == null) {
                            ControlStack inner = provider.create(world.stackContext(provider.privileged()));
                            rec = new DemoRecorder(inner, fps, cameras).withEnvironment(envProbe(world))
                                .withActionNoise(actionNoise, noiseTau);
                            stacks.put(id, rec);
                        }
                        EpisodeRecord r = new EpisodeRunner().run(EpisodeSpec.of(id, robot, seed, condition, stack), world, rec);
                        DemoEpisode ep = rec.episode(robot, r.success(), r.failureReason());
                        int idx = writer.append(ep, shipped.get(id).family(), r.success() || keepFailures);
                        if (idx >= 0) {
                            kept.incrementAndGet();
                        }
                        int d = done.incrementAndGet();
                        double el = (System.nanoTime() - start) / 1e9;
                        double eta = el / d * (total - d);
                        System.out.printf("collect: %d/%d  %s seed %d %s (%d frames)  kept %d  %.0f s elapsed, ETA %.0f s%n",
                            d, total, id, seed, r.success() ? "success" : "FAILED " + r.failureReason(),
                            ep.frames().size(), kept.get(), el, eta);
                    }
                } finally {
                    stacks.values().forEach(ControlStack::close);
                    worlds.values().forEach(ScenarioWorld::close);
                }
                return null;
            }));
        }
        pool.shutdown();
        for (Future<?> f : futures) {
            f.get();
        }
        writer.close(); // joins the staged episodes into the dataset files
        System.out.printf("collect: done: %d run, %d kept; dataset has %d episodes, %d frames (%.0f s)%n",
            total, kept.get(), writer.episodes(), writer.frames(), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
