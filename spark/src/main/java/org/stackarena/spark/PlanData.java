package org.stackarena.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stackarena.benchmarks.bench.BenchPlan;

/**
 * The bench/sweep options as plain serialisable data, shipped to every executor, which resolves
 * the same {@link BenchPlan} from it (scenarios, conditions, stack providers, latency variants).
 * Names of shipped suites, seed sets, conditions and scenarios resolve anywhere; a file given to
 * {@code --scenarios}, {@code --condition}, {@code --seeds} or {@code --robot} (a robot descriptor and
 * its MJCF) must be at the same path on the workers.
 *
 * @param suite suite name
 * @param stacks stack names, or null
 * @param conditions condition names or files, or null
 * @param robots robot ids or descriptor files, or null
 * @param scenarioIds scenario ids, or null
 * @param scenariosPath user scenario file or folder, or null
 * @param seeds seed-set name or file, or null
 * @param latency {@code LOOP=MODEL} overrides
 * @param sweepParam sweep parameter, or null
 * @param policies {@code --policy [NAME=]DIR} values (the directories must be at the same path on the workers), or null
 * @param stackClasses {@code --stack-class} class names, or null
 * @param profile {@code --profile}: a shipped name or an absolute file path, or null for the default
 * @param rates {@code --rate KEY=HZ} overrides, or null
 * @param physicsDt {@code --physics-dt} in seconds, or null
 * @param chunking {@code --chunking} value, or null
 * @param remote {@code --remote KEY=VALUE} settings of stack remote, or null
 */
record PlanData(String suite, List<String> stacks, List<String> conditions, List<String> robots,
                List<String> scenarioIds, String scenariosPath, String seeds, List<String> latency,
                String sweepParam, List<String> policies, List<String> stackClasses, String profile,
                List<String> rates, Double physicsDt, String chunking, List<String> remote) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Copies into serialisable lists. */
    PlanData {
        stacks = copy(stacks);
        conditions = copy(conditions);
        robots = copy(robots);
        scenarioIds = copy(scenarioIds);
        latency = copy(latency);
        rates = copy(rates);
        policies = copy(policies);
        stackClasses = copy(stackClasses);
        remote = copy(remote);
    }

    private static List<String> copy(List<String> l) {
        return l == null ? null : new ArrayList<>(l);
    }

    /** The data of {@code o}; a relative {@code --scenarios} path is made absolute. */
    static PlanData of(BenchPlan.Options o) {
        return new PlanData(o.suite(), o.stacks(), o.conditions(), o.robots(), o.scenarioIds(),
            o.scenariosPath() == null ? null : o.scenariosPath().toAbsolutePath().toString(), o.seeds(), o.latency(),
            o.sweepParam(), o.policies(), o.stackClasses(), profile(o.profile()), o.rates(),
            o.physicsDt(), o.chunking(), o.remote());
    }

    /** A profile file's path made absolute (executors may run elsewhere); a shipped name as it is. */
    private static String profile(String p) {
        return p == null || org.stackarena.api.harness.DeploymentProfile.isShipped(p) ? p
            : Path.of(p).toAbsolutePath().toString();
    }

    /** Back to options, to resolve. */
    BenchPlan.Options options() {
        return new BenchPlan.Options(suite, stacks, conditions, robots, scenarioIds,
            scenariosPath == null ? null : Path.of(scenariosPath), seeds, physicsDt, profile, latency, rates, sweepParam,
            policies, stackClasses, chunking, remote);
    }
}
