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
import org.stackarena.policies.data.DemoWriter;
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
import picocli.CommandLine.Option;

/**
 * {@code stackarena collect}: records demonstrations (normally of the privileged scripted expert)
 * into a LeRobot-style dataset (see policies/DATASET.md). Resumable: re-running the same command
 * skips every episode already attempted.
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
    description = "Record demonstrations of a stack (default: the scripted expert) as a LeRobot-style dataset.")
public final class CollectCommand implements Callable<Integer> {

    /** Seeds below this are evaluation seeds and are never used for training data. */
    public static final long FIRST_TRAINING_SEED = 100_000;

    @Option(names = "--out", required = true, description = "dataset directory (created or resumed)")
    Path out;

    @Option(names = "--stack", defaultValue = "expert", description = "stack provider to record (default ${DEFAULT-VALUE})")
    String stack;

    @Option(names = "--scenarios", defaultValue = "reach,pick-lift,pick-place", split = ",",
        description = "scenario ids (default ${DEFAULT-VALUE})")
    List<String> scenarios;

    @Option(names = "--episodes", defaultValue = "100", description = "seeds per scenario (default ${DEFAULT-VALUE})")
    int episodes;

    @Option(names = "--seed-start", defaultValue = "100000", description = "first seed, >= 100000 (default ${DEFAULT-VALUE})")
    long seedStart;

    @Option(names = "--robot", defaultValue = "arm7", description = "robot (default ${DEFAULT-VALUE})")
    String robot;

    @Option(names = "--condition", defaultValue = "lab", description = "condition (default ${DEFAULT-VALUE})")
    String condition;

    @Option(names = "--fps", defaultValue = "10", description = "recorded frames per second (default ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--image-size", defaultValue = "96", description = "square image size (default ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--cameras", defaultValue = "front,wrist", split = ",", description = "cameras (default ${DEFAULT-VALUE})")
    List<String> cameras;

    @Option(names = "--action-noise", defaultValue = "0", paramLabel = "RAD",
        description = "stationary std of correlated noise added to the recorded stack's joint-position actions "
            + "(DART-style recovery demonstrations; default ${DEFAULT-VALUE})")
    double actionNoise;

    @Option(names = "--noise-tau", defaultValue = "0.5", paramLabel = "S",
        description = "correlation time of --action-noise (default ${DEFAULT-VALUE} s)")
    double noiseTau;

    @Option(names = "--keep-failures", description = "also store failed episodes (default: successes only)")
    boolean keepFailures;

    @Option(names = "--workers", defaultValue = "1",
        description = "episodes in parallel (default ${DEFAULT-VALUE}; use 2 only on an idle machine)")
    int workers;

    /** Standalone entry point (until the command is wired into Main). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CollectCommand()).execute(args));
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
        if (seedStart < FIRST_TRAINING_SEED) {
            throw new UserInputException("--seed-start " + seedStart + ": training seeds must be >= "
                + FIRST_TRAINING_SEED + " (lower seeds are evaluation seeds)");
        }
        if (!(actionNoise >= 0) || !(noiseTau > 0)) {
            throw new UserInputException("--action-noise must be >= 0 and --noise-tau > 0");
        }
        if (episodes < 1 || workers < 1 || imageSize < 8 || !(fps > 0)) {
            throw new UserInputException("--episodes, --workers must be >= 1, --image-size >= 8 and --fps > 0");
        }
        Map<String, Scenario> shipped = ScenarioLoader.shipped();
        for (String s : scenarios) {
            if (!shipped.containsKey(s)) {
                throw new UserInputException("--scenarios: unknown scenario '" + s + "' (known: " + shipped.keySet() + ")");
            }
        }
        StackProvider provider = StackProvider.named(stack);
        Condition cond = ConditionLoader.load(condition);
        DemoWriter writer = new DemoWriter(out, fps, cameras, imageSize, imageSize);
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
        System.out.printf("collect: done: %d run, %d kept; dataset has %d episodes, %d frames (%.0f s)%n",
            total, kept.get(), writer.episodes(), writer.frames(), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
