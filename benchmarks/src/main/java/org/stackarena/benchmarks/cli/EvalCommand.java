package org.stackarena.benchmarks.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stackarena.policies.VlaPolicy;
import org.stackarena.policies.VlaStack;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.scenarios.Condition;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.Scenario;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.LatencyModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stackarena eval-vla}: quick success check of a VLA checkpoint on evaluation seeds
 * (what the model card reports); the full benchmark with reports is {@code bench --stack vla}.
 */
@Command(name = "eval-vla", mixinStandardHelpOptions = true,
    description = "Run a VLA checkpoint on scenarios x seeds and print success per scenario.")
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", description = "checkpoint directory (default: the shipped one)")
    Path checkpoint;

    @Option(names = "--scenarios", defaultValue = "reach,pick-lift,pick-place", split = ",",
        description = "scenario ids (default ${DEFAULT-VALUE})")
    List<String> scenarios;

    @Option(names = "--seeds", defaultValue = "1000..1009", description = "seed range FIRST..LAST (default ${DEFAULT-VALUE})")
    String seeds;

    @Option(names = "--robot", defaultValue = "arm7", description = "robot (default ${DEFAULT-VALUE})")
    String robot;

    @Option(names = "--condition", defaultValue = "lab", description = "condition (default ${DEFAULT-VALUE})")
    String condition;

    @Option(names = "--image-size", defaultValue = "96", description = "camera size (default ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--system1-hz", description = "System 1 rate (default: from policy.json)")
    Double system1Hz;

    @Option(names = "--system2-hz", description = "System 2 rate (default: from policy.json)")
    Double system2Hz;

    @Option(names = "--latency", defaultValue = "measured",
        description = "latency model of both loops: none, fixed:Xms, measured[:xK] (default ${DEFAULT-VALUE})")
    String latency;

    @Option(names = "--verbose", description = "one line per episode")
    boolean verbose;

    /** Standalone entry point (until the command is wired into Main). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String[] r = seeds.split("\\.\\.");
        long first = Long.parseLong(r[0].trim()), last = r.length > 1 ? Long.parseLong(r[1].trim()) : first;
        Map<String, Scenario> shipped = ScenarioLoader.shipped();
        Condition cond = ConditionLoader.load(condition);
        LatencyModel lat = LatencyModel.parse(latency);
        Map<String, int[]> results = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (String id : scenarios) {
            Scenario s = shipped.get(id);
            if (s == null) {
                throw new UserInputException("--scenarios: unknown scenario '" + id + "'");
            }
            VlaPolicy policy = checkpoint == null ? VlaPolicy.loadDefault() : VlaPolicy.load(checkpoint);
            double s1 = system1Hz == null ? policy.spec().system1Hz() : system1Hz;
            double s2 = system2Hz == null ? policy.spec().system2Hz() : system2Hz;
            int ok = 0, n = 0;
            List<String> reasons = new ArrayList<>();
            try (ScenarioWorld world = new ScenarioWorld(s, robot, cond, imageSize, imageSize);
                 PolicyStack stack = VlaStack.create(policy, "vla", s1, s2, lat)) {
                for (long seed = first; seed <= last; seed++) {
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
