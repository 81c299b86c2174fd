package org.stackarena.benchmarks.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stackarena.policies.VlaPolicy;
import org.stackarena.policies.VlaStack;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.scenarios.Condition;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.Scenario;
import org.stackarena.seeds.SeedSet;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.LatencyModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stackarena eval-vla}: quick success check of a VLA checkpoint on evaluation seeds
 * (what the model card reports); the full benchmark with reports is {@code bench --stack vla}.
 */
@Command(name = "eval-vla", mixinStandardHelpOptions = true,
    description = {"Run a VLA checkpoint on scenarios x seeds and print success per scenario.",
        "Defaults: --scenario reach,pick-lift,pick-place --seeds 1000..1009 --robot arm7 --condition lab "
            + "(one robot and one condition per run)."})
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", paramLabel = "DIR", converter = Converters.ExistingDir.class, description = "checkpoint directory (default: the shipped one)")
    Path checkpoint;

    @Mixin
    CommonOptions.Scenarios scenarioOptions;

    @Mixin
    CommonOptions.Seeds seedOption;

    @Mixin
    CommonOptions.Robots robots;

    @Mixin
    CommonOptions.Conditions conditions;

    @Option(names = "--image-size", defaultValue = "96", converter = CollectCommand.ImageSize.class, description = "camera size (default ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--system1-hz", converter = Converters.PositiveDouble.class, description = "System 1 rate (default: from policy.json)")
    Double system1Hz;

    @Option(names = "--system2-hz", converter = Converters.PositiveDouble.class, description = "System 2 rate (default: from policy.json)")
    Double system2Hz;

    @Option(names = "--latency", defaultValue = "measured", converter = Converters.Latency.class,
        description = "latency model of both loops: none, fixed:Xms, measured[:xK] (default ${DEFAULT-VALUE})")
    String latency;

    @Option(names = "--chunking", paramLabel = "NAME", converter = Converters.Chunking.class,
        description = "chunk-execution strategy: hold-and-switch, ensemble:<window>, rtc[:exp|linear|hard] or "
            + "blocking (default: the checkpoint's, ensemble over one chunk's span unless policy.json says otherwise)")
    String chunking;

    @Option(names = "--verbose", description = "one line per episode")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        List<Long> seeds = SeedSet.load(seedOption.seeds == null ? "1000..1009" : seedOption.seeds).seeds();
        String robot = robots.one("arm7");
        String condition = CommonOptions.one("--condition", conditions.names, "lab");
        Map<String, Scenario> chosen = scenarioOptions.resolve(List.of("reach", "pick-lift", "pick-place"));
        Condition cond = ConditionLoader.load(condition);
        LatencyModel lat = LatencyModel.parse(latency);
        Map<String, int[]> results = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (Scenario s : chosen.values()) {
            String id = s.id();
            VlaPolicy policy = checkpoint == null ? VlaPolicy.loadDefault() : VlaPolicy.load(checkpoint);
            double s1 = system1Hz == null ? policy.spec().system1Hz() : system1Hz;
            double s2 = system2Hz == null ? policy.spec().system2Hz() : system2Hz;
            int ok = 0, n = 0;
            List<String> reasons = new ArrayList<>();
            try (ScenarioWorld world = new ScenarioWorld(s, robot, cond, imageSize, imageSize);
                 PolicyStack stack = VlaStack.create(policy, "vla", s1, s2, lat, chunking == null
                     ? VlaStack.defaultExecution(policy.spec()) : ChunkExecution.parse(chunking))) {
                for (long seed : seeds) {
                    EpisodeRecord rec = new EpisodeRunner().run(EpisodeSpec.of(id, robot, seed, condition, "vla"), world, stack);
                    n++;
                    if (rec.success()) {
                        ok++;
                    } else {
                        reasons.add(String.valueOf(rec.failureReason()));
                    }
                    if (verbose) {
                        double[] ee = world.eePosition();
                        var obj = world.episode().object();
                        System.out.printf("eval: %s seed %d %s  ee=(%.3f %.3f %.3f) object=%s%n", id, seed,
                            rec.success() ? "success" : "FAIL " + rec.failureReason(), ee[0], ee[1], ee[2],
                            obj == null ? "-" : String.format("(%.3f %.3f)", obj.x(), obj.y()));
                    }
                }
            }
            results.put(id, new int[] {ok, n});
            System.out.printf("eval: %-10s %s %2d/%2d success  %s%n", id, condition, ok, n,
                reasons.isEmpty() ? "" : "failures: " + summarize(reasons));
        }
        System.out.printf("eval: done in %.0f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static String summarize(List<String> reasons) {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (String x : reasons) {
            String k = x.length() > 40 ? x.substring(0, 40) : x;
            c.merge(k, 1, Integer::sum);
        }
        return c.toString();
    }
}
